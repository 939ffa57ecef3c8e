"""Filters of the events' list, including those the staff home links to (this week's events,
events with registrations waiting, events held whose attendance is not marked)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from tenants.events.models import Event, EventStatus, Registration, RegistrationStatus


def week_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to next Monday 00:00 of ``today``'s week, in the local time zone."""
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def this_week_q(today: datetime.date) -> Q:
    start, end = week_bounds(today)
    return Q(starts_at__gte=start, starts_at__lt=end) & ~Q(status=EventStatus.CANCELLED)


def waiting_registrations_q() -> Q:
    waiting = (RegistrationStatus.AWAITING_CONFIRMATION, RegistrationStatus.WAITLISTED)
    return Q(Exists(Registration.objects.filter(event=OuterRef("pk"), status__in=waiting)))


def attendance_unmarked_q(now: datetime.datetime) -> Q:
    """Events already over, not cancelled, with confirmed participants and nobody marked present."""
    confirmed = Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.CONFIRMED)
    return (
        Q(ends_at__lt=now)
        & ~Q(status=EventStatus.CANCELLED)
        & Q(Exists(confirmed))
        & ~Q(Exists(confirmed.filter(attended=True)))
    )


class EventFilterSet(WagtailFilterSet):
    this_week = django_filters.BooleanFilter(label=_("На этой неделе"), method="filter_this_week")
    waiting = django_filters.BooleanFilter(label=_("Есть ждущие регистрации"), method="filter_waiting")
    unmarked = django_filters.BooleanFilter(label=_("Посещаемость не отмечена"), method="filter_unmarked")

    class Meta:
        model = Event
        fields = ["kind", "status", "audience", "is_public", "methodologist"]

    def filter_this_week(self, queryset: QuerySet[Event], name: str, value: bool | None) -> QuerySet[Event]:
        return queryset.filter(this_week_q(timezone.localdate())) if value else queryset

    def filter_waiting(self, queryset: QuerySet[Event], name: str, value: bool | None) -> QuerySet[Event]:
        return queryset.filter(waiting_registrations_q()) if value else queryset

    def filter_unmarked(self, queryset: QuerySet[Event], name: str, value: bool | None) -> QuerySet[Event]:
        return queryset.filter(attendance_unmarked_q(timezone.now())) if value else queryset
