"""The calendar as people see it: the municipality's events and the unified regional calendar together.

Staff calendars (the admin) and public calendars (the site) show both, marked apart (004 §4.6:
the municipal service plans by the unified calendar). Entries are plain data so that a month of
hundreds of events renders quickly.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import EventStatus
from tenants.events.selectors import event_list
from tenants.municipalities.selectors import region_base_url

KIND_LABELS = dict(EventKind.choices)
AUDIENCE_LABELS = dict(EventAudience.choices)


@dataclass(frozen=True)
class CalendarEntry:
    """One line of the calendar: a municipal event (``regional`` False) or a regional one."""

    pk: int
    title: str
    kind: str
    audience: str
    first_day: datetime.date
    last_day: datetime.date
    regional: bool
    starts_at: datetime.datetime | None = None  # municipal events have times, regional ones days
    cancelled: bool = False
    is_public: bool = True
    source: str = ""  # the municipality that proposed a regional event
    url: str = ""  # a regional event's page on the region host, or an entry of another app's screen
    badge: str = ""  # set for entries of other apps (staff calendar sources): what the entry is

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def audience_label(self) -> str:
        return str(AUDIENCE_LABELS.get(self.audience, self.audience))


@dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    entries: list[CalendarEntry] = field(default_factory=list)
    html: str = ""  # the day's entries as list items, see ``calendar_days_render``


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, today: datetime.date | None = None) -> Month:
        """``2026-03`` → March 2026; anything else → this month."""
        today = today or timezone.localdate()
        try:
            year, month = (int(part) for part in (text or "").split("-", 1))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        return cls(today.year, today.month)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


# Other apps' dated entries on the staff calendar (an assessment procedure's days, say): each
# source gives the entries touching [first, last], with their own ``url`` and ``badge``. Filled
# from the higher apps' ``AppConfig.ready()``, so this module never imports them.
StaffCalendarSource = Callable[[datetime.date, datetime.date], Iterable[CalendarEntry]]
_STAFF_SOURCES: dict[str, StaffCalendarSource] = {}


def staff_calendar_source_register(name: str, source: StaffCalendarSource) -> None:
    """Register (or replace, on reload) a source of the staff calendar's entries called ``name``."""
    _STAFF_SOURCES[name] = source


def _bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    return (
        datetime.datetime.combine(first, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def calendar_entries(
    *,
    first: datetime.date,
    last: datetime.date,
    public_only: bool,
    kind: str | None = None,
    audience: str | None = None,
    include_regional: bool = True,
    include_municipal: bool = True,
) -> list[CalendarEntry]:
    """Municipal and regional events touching the days [first, last], ordered by start.

    The region's own calendar (public schema, no municipal events there) asks for the regional
    ones only.
    """
    from unified_calendar.selectors import regional_event_list

    start, end = _bounds(first, last)
    rows: Iterable[tuple[Any, ...]] = []
    if include_municipal:
        events = event_list(public_only=public_only, start=start, end=end, kind=kind, audience=audience)
        rows = events.values_list("pk", "title", "kind", "audience", "starts_at", "ends_at", "status", "is_public")
    tz = timezone.get_default_timezone()
    entries = [
        CalendarEntry(
            pk=pk,
            title=title,
            kind=kind_,
            audience=audience_,
            first_day=starts_at.astimezone(tz).date(),
            last_day=ends_at.astimezone(tz).date(),
            regional=False,
            starts_at=starts_at.astimezone(tz),
            cancelled=status == EventStatus.CANCELLED,
            is_public=is_public,
        )
        for pk, title, kind_, audience_, starts_at, ends_at, status, is_public in rows
    ]
    if include_regional:
        region_calendar = region_base_url() + reverse("unified_calendar:index", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        regional = regional_event_list(start=first, end=last + datetime.timedelta(days=1), kind=kind, audience=audience)
        entries.extend(
            CalendarEntry(
                pk=pk,
                title=title,
                kind=kind_,
                audience=audience_,
                first_day=starts_on,
                last_day=ends_on,
                regional=True,
                source=source or "",
                url=f"{region_calendar}{pk}/",
            )
            for pk, title, kind_, audience_, starts_on, ends_on, source in regional.values_list(
                "pk", "title", "kind", "audience", "starts_on", "ends_on", "source_municipality__short_name"
            )
        )
    entries.sort(key=lambda e: (e.first_day, e.regional, e.starts_at or datetime.datetime.min.replace(tzinfo=tz), e.pk))
    return entries


def calendar_month(
    *,
    month: Month,
    public_only: bool,
    kind: str | None = None,
    audience: str | None = None,
    include_municipal: bool = True,
    include_staff_sources: bool = False,
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the entries that fall on it.

    ``include_staff_sources`` adds the other apps' entries (the staff calendar, unfiltered).
    """
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {day: CalendarDay(day, day.month == month.month) for week in weeks for day in week}
    entries = calendar_entries(
        first=first,
        last=last,
        public_only=public_only,
        kind=kind,
        audience=audience,
        include_municipal=include_municipal,
    )
    if include_staff_sources and kind is None and audience is None:
        for source in _STAFF_SOURCES.values():
            entries.extend(source(first, last))
    for entry in entries:
        day = max(entry.first_day, first)
        while day <= min(entry.last_day, last):
            days[day].entries.append(entry)
            day += datetime.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def calendar_days_render(weeks: list[list[CalendarDay]], *, own_url: Callable[[int], str]) -> None:
    """Give each day the HTML of its entries (``<li>`` items), built once per entry.

    A month view holds a thousand entries or more (regional events repeat on each of their
    days); rendering them through template tags one by one costs more than the rest of the
    page, so the items are put together here, escaped by ``format_html``, and the template
    writes one string per day. ``own_url`` gives a municipal event's link (the site's page or
    the admin's).
    """
    labels = {
        "region": gettext("Регион"),
        "cancelled": gettext("отменено"),
        "staff": gettext("для сотрудников"),
    }
    rendered: dict[tuple[bool, str, int], str] = {}
    for week in weeks:
        for day in week:
            parts = []
            for entry in day.entries:
                key = (entry.regional, entry.badge, entry.pk)
                if key not in rendered:
                    rendered[key] = _entry_html(entry, own_url=own_url, labels=labels)
                parts.append(rendered[key])
            day.html = mark_safe("".join(parts))  # noqa: S308 - every part comes from format_html


def _entry_html(entry: CalendarEntry, *, own_url: Callable[[int], str], labels: dict[str, str]) -> str:
    if entry.badge:
        return format_html(
            '<li class="entry-other"><span class="badge">{}</span> <a href="{}">{}</a></li>',
            entry.badge,
            entry.url,
            entry.title,
        )
    if entry.regional:
        source = format_html(' <span class="help">({})</span>', entry.source) if entry.source else ""
        return format_html(
            '<li class="entry-regional"><span class="badge badge-regional">{}</span> <a href="{}">{}</a>{}</li>',
            labels["region"],
            entry.url,
            entry.title,
            source,
        )
    when = (
        format_html('<time datetime="{}">{}</time> ', entry.starts_at.isoformat(), f"{entry.starts_at:%H:%M}")
        if entry.starts_at
        else ""
    )
    badges = "".join(
        format_html(' <span class="badge">{}</span>', labels[name])
        for name, shown in (("cancelled", entry.cancelled), ("staff", not entry.is_public))
        if shown
    )
    return format_html(
        '<li class="entry-own">{}<a href="{}">{}</a>{}</li>',
        when,
        own_url(entry.pk),
        entry.title,
        mark_safe(badges),  # noqa: S308
    )
