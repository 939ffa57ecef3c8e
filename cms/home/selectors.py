"""Reads for the municipality site's pages: home-page news and events, association pages."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import CharField, Count, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import NoReverseMatch
from wagtail.models import Page, PageViewRestriction

from cms.base.selectors import page_restrictions, private_pages_q, request_chrome
from tenants.academic_years import AcademicYear

HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 5


def _admitted(request: HttpRequest | None, restriction: PageViewRestriction) -> bool:
    """Whether the restriction lets this visitor in; worked out once per request and restriction."""
    if request is None:
        return False
    from accounts.view_restrictions import restriction_admits

    memo: dict[int, bool] = request.__dict__.setdefault("_restrictions_admitted", {})
    if restriction.pk not in memo:
        memo[restriction.pk] = restriction_admits(restriction, request)
    return memo[restriction.pk]


def pages_visible(request: HttpRequest | None, pages: list[Page]) -> list[Page]:
    """``pages`` without those under a view restriction that keeps this visitor out: a private
    section's title and intro are shown only to those who may open it (its municipality's
    people for "signed-in users", see ``accounts.view_restrictions``)."""
    restrictions = page_restrictions(request)
    if not restrictions:
        return pages
    visible = []
    for page in pages:
        applying = [r for r in restrictions if page.path.startswith(r.page_path)]  # type: ignore[attr-defined]
        if all(_admitted(request, r) for r in applying):
            visible.append(page)
    return visible


def _public(queryset: Any, request: HttpRequest | None) -> Any:
    private = private_pages_q(request)
    return queryset.exclude(private) if private is not None else queryset


# What a list of articles shows (title, link, date, intro), and the tree path to find their index.
NEWS_LIST_FIELDS = ("title", "url_path", "path", "depth", "date", "intro")


def home_news(*, home: Page, limit: int = HOME_NEWS_COUNT, request: HttpRequest | None = None) -> list[Any]:
    """The latest public news under ``home``, with only the fields a list shows."""
    from cms.news.models import NewsPage

    news = _public(NewsPage.objects.live().descendant_of(home), request).only(*NEWS_LIST_FIELDS)
    return list(news.order_by("-date", "-pk")[:limit])


def _section_models_with_intro() -> list[Any]:
    from cms.home.models import SECTION_PAGE_TYPES

    found = []
    for label in SECTION_PAGE_TYPES:
        model = apps.get_model(label)
        if any(f.name == "intro" and isinstance(f, (TextField, CharField)) for f in model._meta.local_fields):
            found.append(model)
    return found


def menu_sections_read(home: Page, request: HttpRequest | None = None) -> list[Page]:
    """The live sections of the site's menu under ``home``, in one query, each with
    ``section_intro``, its content type and its address as ``menu_url``.

    The intro lives on each page type's own table: it is read by one subquery per type instead of
    turning every section into its specific page (a query per type, and one per content type for
    django-tenants clears their cache on every schema switch). The address is worked out here,
    once, rather than by ``pageurl`` on every page that shows the menu.
    """
    intros = [
        Subquery(model._base_manager.filter(pk=OuterRef("pk")).values("intro")[:1])
        for model in _section_models_with_intro()
    ]
    sections = list(
        Page.objects.child_of(home)
        .live()
        .in_menu()
        .select_related("content_type")
        .annotate(section_intro=Coalesce(*intros, Value(""), output_field=TextField()))
        .order_by("path")
    )
    for section in sections:
        section.menu_url = section.get_url(request)
    return sections


def menu_sections(request: HttpRequest | None, home: Page) -> list[Page]:
    """The menu sections under ``home`` this visitor may open, shared by the navigation and the
    home page: the site's chrome holds them for its home page; any other home is read and kept in
    the cache until the municipality's next content write, like its pages. Every visitor's menu
    is cut from the same stored list (a private section is left out for those it keeps out)."""
    chrome: Any = request_chrome(request)
    if chrome is not None and chrome.home is not None and chrome.home.pk == home.pk:
        return pages_visible(request, chrome.menu)
    memo: tuple[int, list[Page]] | None = getattr(request, "_menu_sections", None)
    if memo is not None and memo[0] == home.pk:
        return pages_visible(request, memo[1])
    from cms.base.page_cache import content_cached

    host = request.get_host() if request is not None else ""
    sections: list[Page] = content_cached(f"menu:{host}:{home.pk}", lambda: menu_sections_read(home, request))
    if request is not None:
        request._menu_sections = (home.pk, sections)  # type: ignore[attr-defined]
    return pages_visible(request, sections)


@dataclass(frozen=True)
class UpcomingEvent:
    title: str
    starts_at: Any
    place: str
    url: str


def home_upcoming_events(request: HttpRequest, *, limit: int = HOME_EVENTS_COUNT) -> list[UpcomingEvent]:
    """The next public events. Links go to the event's page under the site's event calendar
    when it routes one, else to the calendar itself."""
    from tenants.events.selectors import event_briefs_upcoming_public, event_calendar_page

    chrome: Any = request_chrome(request)
    calendar = chrome.event_calendar if chrome is not None else event_calendar_page(private=private_pages_q(request))
    calendar_url = calendar.get_url(request) if calendar is not None else ""
    events = []
    for event in event_briefs_upcoming_public(limit=limit):
        url = calendar_url or ""
        if calendar is not None:
            with contextlib.suppress(NoReverseMatch):
                url = calendar_url.rstrip("/") + "/" + calendar.reverse_subpage("event", args=(event.pk,))
        events.append(UpcomingEvent(title=event.title, starts_at=event.starts_at, place=event.place, url=url))
    return events


@dataclass(frozen=True)
class HomeLists:
    """The home page's latest news and coming events."""

    news: list[Any]
    events: list[UpcomingEvent]

    def stale_from(self) -> datetime.datetime | None:
        """The lists change by the clock alone when the first coming event starts."""
        return min((event.starts_at for event in self.events), default=None)


def home_lists(request: HttpRequest, home: Page) -> HomeLists:
    """The home page's lists, read once per content generation (every publish, unpublish or
    event change retires them) and again when the first listed event starts."""
    from cms.base.page_cache import content_cached

    def read() -> HomeLists:
        return HomeLists(news=home_news(home=home, request=request), events=home_upcoming_events(request))

    lists: HomeLists = content_cached(f"home-lists:{request.get_host()}:{home.pk}", read, expires=HomeLists.stale_from)
    return lists


@dataclass(frozen=True)
class AssociationCard:
    id: int
    name: str
    subject: str
    topic: str
    leader: str
    members: int


@dataclass(frozen=True)
class AssociationDetail:
    card: AssociationCard
    description: str
    goal: str
    year_label: str
    plan_text: str
    plan_items: list[Any] = field(default_factory=list)
    materials: list[Any] = field(default_factory=list)


def _associations(year: AcademicYear) -> Any:
    from tenants.bodies.models import BodyKind
    from tenants.bodies.selectors import body_list

    return body_list(kind=BodyKind.CITY_ASSOCIATION, academic_year=year).annotate(
        members=Count("memberships", filter=Q(memberships__academic_year=year.start))
    )


def _card(body: Any, year: AcademicYear) -> AssociationCard:
    from tenants.bodies.selectors import body_head

    head = body_head(body=body, academic_year=year)
    return AssociationCard(
        id=body.pk,
        name=body.name,
        subject=body.subject.name if body.subject_id else body.category,
        topic=body.topic,
        leader=head.person_name if head is not None else "",
        members=body.members,
    )


def association_cards() -> list[AssociationCard]:
    """The city associations working this academic year, with their leaders and member counts."""
    year = AcademicYear.current()
    return [_card(body, year) for body in _associations(year)]


@dataclass(frozen=True)
class MaterialLink:
    title: str
    url: str


def _materials(request: HttpRequest, subject_id: int | None, limit: int = 10) -> list[MaterialLink]:
    """Public materials of the subject from the resource bank, linking to their files there."""
    from tenants.resources.pages import ResourceBankPage
    from tenants.resources.selectors import resource_list

    bank = ResourceBankPage.objects.live().public().first()
    if subject_id is None or bank is None:
        return []
    bank_url = (bank.get_url(request) or "").rstrip("/") + "/"
    links = []
    for resource in resource_list(public_only=True, subject_id=subject_id)[:limit]:
        url = resource.link or (bank_url + bank.reverse_subpage("file", args=(resource.pk,)) if resource.file else "")
        if url:
            links.append(MaterialLink(title=resource.title, url=url))
    return links


def association_detail(request: HttpRequest, *, body_id: int) -> AssociationDetail | None:
    from tenants.bodies.selectors import body_year_get

    year = AcademicYear.current()
    body = _associations(year).filter(pk=body_id).first()
    if body is None:
        return None
    body_year = body_year_get(body=body, academic_year=year)
    materials = _materials(request, body.subject_id)
    return AssociationDetail(
        card=_card(body, year),
        description=body.description,
        goal=body.goal,
        year_label=year.label,
        plan_text=body_year.plan_text if body_year is not None else "",
        plan_items=list(body_year.plan_items.all()) if body_year is not None else [],
        materials=materials,
    )
