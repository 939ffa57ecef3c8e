"""Reads of the municipality's events, in the schema in use.

Public reads (the site, the municipal feed) see only public, not-cancelled-and-hidden events;
staff reads see every event of this municipality — nothing here reaches another schema.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tenants.events.models import (
    ACTIVE_REGISTRATION_STATUSES,
    CalendarFeedToken,
    ContestOutcome,
    ContestParticipant,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from tenants.events.pages import EventCalendarPage
from tenants.municipalities.selectors import current_municipality, municipality_base_url

VIEW_PERMISSION = "events.view_event"
VIEW_REGISTRATIONS_PERMISSION = "events.view_registration"
CHANGE_PERMISSION = "events.change_event"

# Feeds cover a bounded window so that they stay small and fast (issue 5).
FEED_PAST = datetime.timedelta(days=92)
FEED_FUTURE = datetime.timedelta(days=366)


@dataclass(frozen=True)
class Window:
    start: datetime.datetime
    end: datetime.datetime


def feed_window(now: datetime.datetime | None = None) -> Window:
    """Past three months to the next twelve."""
    now = now or timezone.now()
    return Window(now - FEED_PAST, now + FEED_FUTURE)


def _with_seats(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlist_length=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


def event_list(
    *,
    public_only: bool,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    kind: str | None = None,
    audience: str | None = None,
) -> QuerySet[Event]:
    """Events overlapping [start, end): public ones for visitors, all for staff."""
    queryset = Event.objects.select_related("organisation")
    if public_only:
        queryset = queryset.filter(is_public=True)
    if start is not None:
        queryset = queryset.filter(ends_at__gte=start)
    if end is not None:
        queryset = queryset.filter(starts_at__lt=end)
    if kind:
        queryset = queryset.filter(kind=kind)
    if audience:
        queryset = queryset.filter(audience=audience)
    return queryset.order_by("starts_at", "pk")


def event_list_with_seats(**filters: Any) -> QuerySet[Event]:
    """``event_list`` with each event's seats taken and waiting list counted (``event_seats_left``)."""
    return _with_seats(event_list(**filters))


def _upcoming(*, include_staff_only: bool = False) -> QuerySet[Event]:
    """Scheduled events still to come; public ones only unless staff-only ones are asked for."""
    queryset = Event.objects.filter(status=EventStatus.SCHEDULED, starts_at__gte=timezone.now())
    return queryset if include_staff_only else queryset.filter(is_public=True)


def event_list_upcoming(
    *,
    competence_codes: Iterable[str] | None = None,
    audience: str | None = None,
    limit: int = 20,
    include_staff_only: bool = False,
) -> list[Event]:
    """Scheduled events still to come, soonest first, optionally matching competence areas.

    For teachers' learning routes (004 §3.3.3): an event tagged with any of
    ``competence_codes`` closes a deficit in one of those areas.
    """
    queryset = _upcoming(include_staff_only=include_staff_only).select_related("organisation")
    codes = list(competence_codes or [])
    if codes:
        queryset = queryset.filter(competence_areas__overlap=codes)
    if audience:
        queryset = queryset.filter(audience=audience)
    return list(queryset.order_by("starts_at", "pk")[:limit])


@dataclass(frozen=True)
class EventBrief:
    """What a list of coming events on a public page shows of each."""

    pk: int
    title: str
    starts_at: datetime.datetime
    place: str


def event_briefs_upcoming_public(*, limit: int = 5) -> list[EventBrief]:
    """The next public scheduled events, soonest first: only the columns a short list shows."""
    rows = (
        _upcoming()
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at", "address", "organisation__short_name")[:limit]
    )
    return [
        EventBrief(pk=pk, title=title, starts_at=starts_at, place=address or organisation or "")
        for pk, title, starts_at, address, organisation in rows
    ]


def event_public_get(*, pk: int) -> Event | None:
    return (
        _with_seats(Event.objects.select_related("organisation", "organiser_body"))
        .filter(pk=pk, is_public=True)
        .first()
    )


def event_get(*, pk: int) -> Event | None:
    """Any event of this municipality, for its staff."""
    return (
        _with_seats(Event.objects.select_related("organisation", "organiser_body", "methodologist__user"))
        .filter(pk=pk)
        .first()
    )


def event_visible_get(*, pk: int, user: User | AnonymousUser) -> Event | None:
    """An event ``user`` may see: a public one, or any for the municipality's staff."""
    if user.is_authenticated and user.has_perm(VIEW_PERMISSION):
        return event_get(pk=pk)
    return event_public_get(pk=pk)


def event_seats_left(*, event: Event) -> int | None:
    """Free seats (None: no limit)."""
    if event.capacity is None:
        return None
    taken = getattr(event, "seats_taken", None)
    if taken is None:
        taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def event_registrations(*, event: Event) -> QuerySet[Registration]:
    """The registration list the organisers see: seats first, then the waiting list in order."""
    order = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        When(status=RegistrationStatus.AWAITING_CONFIRMATION, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return event.registrations.annotate(list_order=order).order_by("list_order", "created_at", "pk")


def event_attendance_count(*, event: Event) -> int:
    return event.registrations.filter(attended=True).count()


def registration_by_secret(*, secret: str) -> Registration | None:
    if not secret:
        return None
    return Registration.objects.select_related("event").filter(secret=secret).first()


def registration_of_user(*, event: Event, user: User | AnonymousUser) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user, status__in=ACTIVE_REGISTRATION_STATUSES).order_by("-created_at").first()
    )


def registration_certificate_get(*, secret: str) -> Registration | None:
    """An attended registration of a held event, by its secret: the certificate's owner."""
    registration = registration_by_secret(secret=secret)
    if registration is None or not registration.attended or registration.status == RegistrationStatus.CANCELLED:
        return None
    return registration


def user_registrations(*, user: User, window: Window | None = None) -> QuerySet[Registration]:
    """A person's active registrations in this municipality (for the personal feed and cabinet)."""
    queryset = Registration.objects.select_related("event", "event__organisation").filter(
        user=user, status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    )
    if window is not None:
        queryset = queryset.filter(event__ends_at__gte=window.start, event__starts_at__lt=window.end)
    return queryset.order_by("event__starts_at", "pk")


def feed_token_user(*, token: str) -> User | None:
    """The person whose personal feed ``token`` opens in this municipality, or None."""
    if not token or len(token) < 32:
        return None
    row = CalendarFeedToken.objects.filter(token=token).select_related("user").first()
    return row.user if row is not None else None


def contest_results(*, event: Event) -> list[ContestParticipant]:
    """Winners, then prize-winners, then participants; by score within each."""
    order = Case(
        When(outcome=ContestOutcome.WINNER, then=Value(0)),
        When(outcome=ContestOutcome.PRIZE_WINNER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(
        event.contest_participants.select_related("organisation", "stage")
        .annotate(outcome_order=order)
        .order_by("outcome_order", "-score", "full_name", "pk")
    )


def event_regional_conflicts(*, event: Event) -> list[Any]:
    """Significant regional events on the event's days for the same audience (004 §4.6)."""
    from unified_calendar.selectors import regional_events_conflicting

    return regional_events_conflicting(
        starts_on=timezone.localdate(event.starts_at),
        ends_on=timezone.localdate(event.ends_at),
        audience=event.audience,
    )


def event_calendar_page(*, private: Q | None = None) -> EventCalendarPage | None:
    """The site's event calendar: its first live calendar page that is not under a view
    restriction (``private``: the restricted pages, see ``cms.base.selectors.private_pages_q``).

    The one lookup behind every link to the calendar: the site's menu and home page (through its
    chrome) and the event pages.
    """
    calendars = EventCalendarPage.objects.live()
    if private is not None:
        calendars = calendars.exclude(private)
    return calendars.order_by("path").first()


def event_public_url(event: Event) -> str:
    """The event's address on the municipality's site, for e-mails, feeds and the region."""
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("Events live in a municipality's schema.")
    return municipality_base_url(municipality) + reverse("events:event", urlconf=settings.ROOT_URLCONF, args=[event.pk])
