"""Reads for the municipality site's pages: home-page news and events, association pages."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import CharField, Count, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import NoReverseMatch
from wagtail.models import Page, PageViewRestriction

from tenants.academic_years import AcademicYear

HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 5


def _private_q(request: HttpRequest | None) -> Q:
    """Pages under a view restriction, read once per request (Wagtail's ``public()`` reads them
    on every call)."""
    cached: Q | None = getattr(request, "_private_pages_q", None)
    if cached is not None:
        return cached
    private = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        private |= Q(path__startswith=restriction.page.path)
    private = private if private else Q(pk__in=[])
    if request is not None:
        request._private_pages_q = private  # type: ignore[attr-defined]
    return private


def home_news(*, home: Page, limit: int = HOME_NEWS_COUNT, request: HttpRequest | None = None) -> list[Any]:
    """The latest public news under ``home``, without their bodies (the home page shows intros)."""
    from cms.news.models import NewsPage

    news = NewsPage.objects.live().descendant_of(home).exclude(_private_q(request)).defer_streamfields()
    return list(news.order_by("-date", "-pk")[:limit])


def _section_models_with_intro() -> list[Any]:
    from cms.home.models import SECTION_PAGE_TYPES

    found = []
    for label in SECTION_PAGE_TYPES:
        model = apps.get_model(label)
        if any(f.name == "intro" and isinstance(f, (TextField, CharField)) for f in model._meta.local_fields):
            found.append(model)
    return found


def menu_sections(request: HttpRequest | None, home: Page) -> list[Page]:
    """The live sections of the site's menu, in one query, each with ``section_intro`` and its
    content type; shared by the navigation and the home page within a request.

    The intro lives on each page type's own table: it is read by one subquery per type instead of
    turning every section into its specific page (a query per type, and one per content type for
    django-tenants clears their cache on every schema switch). The list is kept in the cache until
    the municipality's next content write, like its pages.
    """
    memo: tuple[int, list[Page]] | None = getattr(request, "_menu_sections", None)
    if memo is not None and memo[0] == home.pk:
        return memo[1]
    from cms.base.page_cache import content_cached

    def read() -> list[Page]:
        intros = [
            Subquery(model._base_manager.filter(pk=OuterRef("pk")).values("intro")[:1])
            for model in _section_models_with_intro()
        ]
        return list(
            Page.objects.child_of(home)
            .live()
            .in_menu()
            .select_related("content_type")
            .annotate(section_intro=Coalesce(*intros, Value(""), output_field=TextField()))
            .order_by("path")
        )

    sections: list[Page] = content_cached(f"menu:{home.pk}", read)
    if request is not None:
        request._menu_sections = (home.pk, sections)  # type: ignore[attr-defined]
    return sections


@dataclass(frozen=True)
class UpcomingEvent:
    title: str
    starts_at: Any
    place: str
    url: str


def home_upcoming_events(request: HttpRequest, *, limit: int = HOME_EVENTS_COUNT) -> list[UpcomingEvent] | None:
    """The next public events, or None while the events app offers no selector for them.

    Links go to the event's page under the site's event calendar when it routes one, else to
    the calendar itself.
    """
    try:
        from tenants.events.pages import EventCalendarPage
        from tenants.events.selectors import event_list_upcoming
    except ImportError:
        return None
    calendar = EventCalendarPage.objects.live().exclude(_private_q(request)).order_by("path").first()
    calendar_url = calendar.get_url(request) if calendar is not None else ""
    events = []
    for event in event_list_upcoming(limit=limit):
        url = calendar_url or ""
        if calendar is not None:
            with contextlib.suppress(NoReverseMatch):
                url = calendar_url.rstrip("/") + "/" + calendar.reverse_subpage("event", args=(event.pk,))
        organisation = getattr(event, "organisation", None)
        place = getattr(event, "address", "") or (str(organisation) if organisation is not None else "")
        events.append(UpcomingEvent(title=event.title, starts_at=event.starts_at, place=str(place), url=url))
    return events


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
