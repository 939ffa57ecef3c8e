"""The unified calendar as an iCalendar feed (region host), over a bounded window."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.ical import FeedWriter, feed_cached
from tenants.events.selectors import FEED_FUTURE, FEED_PAST
from tenants.municipalities.selectors import region_base_url
from unified_calendar.selectors import regional_event_list

KIND_LABELS = dict(EventKind.choices)
AUDIENCE_LABELS = dict(EventAudience.choices)


def regional_event_uid(pk: int) -> str:
    return f"regional-event-{pk}@{settings.REGION_DOMAIN}"


def unified_feed_cached(*, today: datetime.date | None = None) -> bytes:
    """The feed, rebuilt only when an event of its window changed (or the day turned)."""
    today = today or timezone.localdate()
    stamp = regional_event_list(start=today - FEED_PAST, end=today + FEED_FUTURE).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    return feed_cached(name="unified", stamp=(today, stamp["count"], changed), build=lambda: unified_feed(today=today))


def unified_feed(*, today: datetime.date | None = None) -> bytes:
    """Significant events of the region, three months back to twelve ahead; all-day entries."""
    today = today or timezone.localdate()
    base = region_base_url()
    writer = FeedWriter(
        name=_("Единый календарь значимых событий: %(region)s") % {"region": settings.REGION_NAME},
        description=_("Региональная система научно-методического сопровождения педагогических работников"),
    )
    rows = regional_event_list(start=today - FEED_PAST, end=today + FEED_FUTURE).values_list(
        "pk",
        "title",
        "kind",
        "audience",
        "starts_on",
        "ends_on",
        "organiser",
        "url",
        "updated_at",
        "source_municipality__name",
    )
    prefix = base + reverse("unified_calendar:index", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    for pk, title, kind, audience, starts_on, ends_on, organiser, url, updated_at, source in rows:
        facts = [_("Организатор: %(name)s") % {"name": organiser}, str(AUDIENCE_LABELS.get(audience, audience))]
        if source:
            facts.append(_("Предложено муниципалитетом: %(name)s") % {"name": source})
        if url:
            facts.append(url)
        writer.add(
            uid=regional_event_uid(pk),
            summary=title,
            start=starts_on,
            end=ends_on,
            url=f"{prefix}{pk}/",
            description="\n".join(facts),
            categories=(str(KIND_LABELS.get(kind, kind)),),
            modified=updated_at,
        )
    return writer.to_bytes()
