"""Page types of a municipality's public site (bakerydemo's conventions: explicit parents and children).

The home page, ordinary pages, the contacts page and the associations' pages live here; news has
its own app (``cms.news``), and the content areas bring their own page types (documents,
resources, practices, events, consultations).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.base.blocks import BodyBlock, QuickLinkBlock
from cms.base.pages import SitePageMixin

# The sections a visitor reaches from the home page and from any ordinary page.
SECTION_PAGE_TYPES = [
    "cms_home.StandardPage",
    "cms_home.ContactPage",
    "cms_home.AssociationIndexPage",
    "cms_news.NewsIndexPage",
    "registry.DocumentRegisterPage",
    "resources.ResourceBankPage",
    "practices.PracticeIndexPage",
    "events.EventCalendarPage",
    "consultations.ConsultationRequestPage",
    "olympiads.OlympiadResultsPage",
    "contests.ContestsPage",
    "partners.PartnersPage",
    "innovation.InnovationPage",
    "internships.InternshipSitesPage",
]


class HomePage(SitePageMixin, Page):
    """The front page of a municipality's site: one per schema, the Wagtail site's root.

    Shows the latest news, the upcoming public events (000 §2.3.3) and the editors' quick links.
    """

    # Wagtail is untyped, so the Django mypy plugin cannot tell a page is a model: field types
    # are spelled out (stored value, value read).
    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)
    quick_links = StreamField([("link", QuickLinkBlock())], blank=True, verbose_name=_("быстрые ссылки"), max_num=12)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("содержание"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("quick_links"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_PAGE_TYPES
    max_count = 1

    class Meta:
        verbose_name = _("главная страница")
        verbose_name_plural = _("главные страницы")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.home.selectors import home_lists, menu_sections

        context = super().get_context(request, *args, **kwargs)
        sections = menu_sections(request, self)
        lists = home_lists(request, self)
        context["latest_news"] = lists.news
        context["news_index"] = _news_index(lists.news, sections)
        context["upcoming_events"] = lists.events
        context["sections"] = sections
        return context


def _news_index(news: list[Page], sections: list[Page]) -> Page | None:
    """The news index of the latest articles: a menu section if it is one, else read."""
    if not news:
        return None
    parent_path = news[0].path[: -Page.steplen]
    for section in sections:
        if section.path == parent_path:
            return section
    parent: Page | None = news[0].get_parent()
    return parent


class StandardPage(SitePageMixin, Page):
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
        "events.EventCalendarPage",
        "consultations.ConsultationRequestPage",
        "olympiads.OlympiadResultsPage",
        "contests.ContestsPage",
        "partners.PartnersPage",
        "innovation.InnovationPage",
        "internships.InternshipSitesPage",
    ]

    class Meta:
        verbose_name = _("страница")
        verbose_name_plural = _("страницы")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.home.selectors import pages_visible

        context = super().get_context(request, *args, **kwargs)
        context["children"] = pages_visible(request, list(self.get_children().live()))
        return context


phone_validator = RegexValidator(r"^[0-9+()\-\s]{5,40}$", _("Телефон: цифры, пробелы, скобки, «+» и «-»."))


class ContactPage(SitePageMixin, Page):
    """How to reach the methodological service: address, phones, e-mail, hours and a map link."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)
    organisation_name: models.CharField[str, str] = models.CharField(
        _("организация"), max_length=300, blank=True, help_text=_("Например, МБУ «Информационно-методический центр».")
    )
    address: models.TextField[str, str] = models.TextField(_("адрес"), blank=True)
    phone: models.CharField[str, str] = models.CharField(
        _("телефон"), max_length=40, blank=True, validators=[phone_validator]
    )
    email: models.EmailField[str, str] = models.EmailField(_("электронная почта"), blank=True)
    opening_hours: models.TextField[str, str] = models.TextField(_("часы работы"), blank=True)
    map_url: models.URLField[str, str] = models.URLField(
        _("ссылка на карту"), blank=True, help_text=_("Адрес на Яндекс Картах или в 2ГИС.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("дополнительно"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("map_url"),
            ],
            heading=_("Контакты"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("address"), index.SearchField("organisation_name")]

    parent_page_types = ["cms_home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("контакты")
        verbose_name_plural = _("страницы контактов")

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class AssociationIndexPage(SitePageMixin, RoutablePageMixin, Page):
    """The public pages of the city methodological associations (ГМО, 002 table 2): a list and a
    page per association with its leader, the number of members, the plan of work for the year
    (003 §5.1) and the public materials of its subject. Data comes from the bodies app; names of
    members other than the leader are not published (they are personal data)."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("методические объединения")
        verbose_name_plural = _("страницы методических объединений")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> TemplateResponse:
        from cms.home.selectors import association_cards

        context = self.get_context(request)
        context["associations"] = association_cards()
        return TemplateResponse(request, "cms_home/association_index_page.html", context)

    @path("<int:body_id>/")
    def association_route(self, request: HttpRequest, body_id: int) -> TemplateResponse:
        from cms.home.selectors import association_detail

        detail = association_detail(request, body_id=body_id)
        if detail is None:
            raise Http404
        context = self.get_context(request)
        context["association"] = detail
        return TemplateResponse(request, "cms_home/association_page.html", context)
