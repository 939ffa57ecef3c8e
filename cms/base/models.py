"""The municipality's branding: one settings object per site (``wagtail.contrib.settings``).

Colours are checked against WCAG 2.1 AA contrast (ГОСТ Р 52872-2019 adopts WCAG 2.1), because
the whole site is drawn with them: white text on the main colour, links on white and on the
light card background.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import Image
from wagtail.models import Site

from cms.base.contrast import AA_TEXT_RATIO, WHITE, contrast_ratio, validate_hex_colour

DEFAULT_PRIMARY_COLOUR = "#083a66"
DEFAULT_LINK_COLOUR = "#0b4f8a"
CARD_BACKGROUND = "#f6f7f9"  # --bg in site.css: cards and list items


def _https_on(*hosts: str) -> RegexValidator:
    pattern = r"^https://(www\.)?(" + "|".join(h.replace(".", r"\.") for h in hosts) + r")/\S+$"
    return RegexValidator(pattern, _("Укажите адрес страницы на %(hosts)s.") % {"hosts": ", ".join(hosts)})


@register_setting(icon="palette")
class SiteBranding(BaseSiteSetting):
    """Name, logo, colours, footer and social links of the municipality's public site."""

    site_name: models.CharField[str, str] = models.CharField(
        _("название сайта"),
        max_length=150,
        blank=True,
        help_text=_("Пусто — краткое наименование муниципалитета."),
    )
    logo: models.ForeignKey[Image | None, Image | None] = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("логотип"),
    )
    primary_colour: models.CharField[str, str] = models.CharField(
        _("основной цвет"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[validate_hex_colour],
        help_text=_("Шапка, меню и кнопки; белый текст на нём должен быть контрастным."),
    )
    link_colour: models.CharField[str, str] = models.CharField(
        _("цвет ссылок"),
        max_length=7,
        default=DEFAULT_LINK_COLOUR,
        validators=[validate_hex_colour],
        help_text=_("Ссылки на белом фоне."),
    )
    footer_text: models.TextField[str, str] = models.TextField(
        _("текст в подвале"), blank=True, help_text=_("Например, адрес и часы работы службы.")
    )
    vk_url: models.URLField[str, str] = models.URLField(
        _("страница ВКонтакте"), blank=True, validators=[_https_on("vk.com", "vk.ru")]
    )
    telegram_url: models.URLField[str, str] = models.URLField(
        _("канал в Telegram"), blank=True, validators=[_https_on("t.me")]
    )
    analytics_enabled: models.BooleanField[bool, bool] = models.BooleanField(
        _("включить Яндекс Метрику"),
        default=False,
        help_text=_("Выключено по умолчанию: счётчик передаёт данные о посетителях третьей стороне."),
    )
    analytics_counter_id: models.CharField[str, str] = models.CharField(
        _("номер счётчика Яндекс Метрики"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{5,12}$", _("Номер счётчика — от 5 до 12 цифр."))],
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("logo")], heading=_("Название и логотип")),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("link_colour")], heading=_("Цвета")),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("vk_url"), FieldPanel("telegram_url")], heading=_("Подвал")
        ),
        MultiFieldPanel(
            [FieldPanel("analytics_enabled"), FieldPanel("analytics_counter_id")], heading=_("Веб-аналитика")
        ),
    ]

    class Meta:
        verbose_name = _("оформление сайта")

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        primary, link = self.primary_colour, self.link_colour
        if primary and link:
            try:
                validate_hex_colour(primary)
                validate_hex_colour(link)
            except ValidationError:
                pass  # the field validators report the format
            else:
                ratio = contrast_ratio(WHITE, primary)
                if ratio < AA_TEXT_RATIO:
                    errors["primary_colour"] = gettext(
                        "Белый текст на этом цвете плохо читается: контраст %(ratio).1f:1, нужно не меньше 4,5:1. "
                        "Выберите цвет темнее."
                    ) % {"ratio": ratio}
                worst = min(contrast_ratio(link, WHITE), contrast_ratio(link, CARD_BACKGROUND))
                if worst < AA_TEXT_RATIO:
                    errors["link_colour"] = gettext(
                        "Ссылки этого цвета плохо читаются на светлом фоне: контраст %(ratio).1f:1, "
                        "нужно не меньше 4,5:1. Выберите цвет темнее."
                    ) % {"ratio": worst}
        if self.analytics_enabled and not self.analytics_counter_id:
            errors["analytics_counter_id"] = gettext("Чтобы включить аналитику, укажите номер счётчика.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        return self.site_name or self.site.site_name


def site_branding_for_request(request: HttpRequest) -> SiteBranding | None:
    """The branding of the request's site, read only: a GET never writes (Wagtail's
    ``for_request`` creates the row on first use, which would retire the page cache)."""
    if hasattr(request, "_site_branding"):
        cached: SiteBranding | None = request._site_branding
        return cached
    chrome = getattr(request, "_site_chrome", None)  # public pages: read with the site's chrome
    if chrome is not None and chrome.branding is not None:
        request._site_branding = chrome.branding  # type: ignore[attr-defined]
        return chrome.branding  # type: ignore[no-any-return]
    site = Site.find_for_request(request)
    branding = None
    if site is not None:
        branding = SiteBranding.objects.filter(site=site).select_related("logo").first() or SiteBranding(site=site)
    request._site_branding = branding  # type: ignore[attr-defined]
    return branding
