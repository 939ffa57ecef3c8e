"""Page types of a municipality's public site."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.base.blocks import BodyBlock


class HomePage(Page):
    """The front page of a municipality's site: one per schema, the Wagtail site's root."""

    # Wagtail is untyped, so the Django mypy plugin cannot tell a page is a model: field types
    # are spelled out (stored value, value read).
    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("содержание"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms_home.StandardPage",
        "registry.DocumentRegisterPage",
        "resources.ResourceBankPage",
        "practices.PracticeIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("главная страница")
        verbose_name_plural = _("главные страницы")


class StandardPage(Page):
    """A section or an ordinary page: intro and a body of blocks."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("содержание"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types = [
        "cms_home.StandardPage",
        "registry.DocumentRegisterPage",
        "resources.ResourceBankPage",
        "practices.PracticeIndexPage",
    ]

    class Meta:
        verbose_name = _("страница")
        verbose_name_plural = _("страницы")
