"""iCalendar feeds of a municipality: its public events, and a person's own registrations.

Both cover a bounded window (three months back, twelve ahead: ``selectors.feed_window``). UIDs
are stable (``event-<id>@<schema>.<region domain>``), so a calendar application updates an
entry instead of duplicating it; each entry links back to the event's page.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from tenants.event_vocabulary import EventKind
from tenants.events.ical import FeedWriter, feed_cached
from tenants.events.models import EventStatus, RegistrationStatus
from tenants.events.selectors import event_list, feed_window, user_registrations
from tenants.municipalities.selectors import current_municipality, municipality_base_url

KIND_LABELS = dict(EventKind.choices)


def event_uid(event_id: int) -> str:
    municipality = current_municipality()
    schema = municipality.schema_name if municipality else "public"
    return f"event-{event_id}@{schema}.{settings.REGION_DOMAIN}"


def _location(organisation: str | None, address: str, online_url: str) -> str:
    return ", ".join(part for part in (organisation or "", address, online_url) if part)


def municipal_feed_cached() -> bytes:
    """The municipal feed, rebuilt only when one of its events changed (or the day turned)."""
    window = feed_window()
    stamp = event_list(public_only=True, start=window.start, end=window.end).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    changed = stamp["changed"].timestamp() if stamp["changed"] else 0
    return feed_cached(name="municipal", stamp=(timezone.localdate(), stamp["count"], changed), build=municipal_feed)


def municipal_feed() -> bytes:
    """The municipality's public events (cancelled ones stay, marked CANCELLED)."""
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("A municipality's feed is read in its schema.")
    base = municipality_base_url(municipality)
    window = feed_window()
    writer = FeedWriter(
        name=_("Мероприятия: %(name)s") % {"name": municipality.short_name},
        description=_("Открытые мероприятия муниципальной методической службы"),
    )
    rows = event_list(public_only=True, start=window.start, end=window.end).values_list(
        "pk",
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "status",
        "organisation__short_name",
        "address",
        "online_url",
        "updated_at",
    )
    for pk, title, kind, starts_at, ends_at, status, organisation, address, online_url, updated_at in rows:
        writer.add(
            uid=event_uid(pk),
            summary=title,
            start=starts_at,
            end=ends_at,
            url=base + reverse("events:event", args=[pk]),
            location=_location(organisation, address, online_url),
            categories=(str(KIND_LABELS.get(kind, kind)),),
            status="CANCELLED" if status == EventStatus.CANCELLED else "CONFIRMED",
            modified=updated_at,
        )
    return writer.to_bytes()


def personal_feed(*, user: User) -> bytes:
    """The events ``user`` registered for here (a seat or the waiting list)."""
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("A personal feed is read in the municipality's schema.")
    base = municipality_base_url(municipality)
    writer = FeedWriter(name=_("Мои мероприятия: %(name)s") % {"name": municipality.short_name})
    for registration in user_registrations(user=user, window=feed_window()):
        event = registration.event
        summary = event.title
        if registration.status == RegistrationStatus.WAITLISTED:
            summary = _("%(title)s (лист ожидания)") % {"title": event.title}
        writer.add(
            uid=event_uid(event.pk),
            summary=summary,
            start=event.starts_at,
            end=event.ends_at,
            url=base + reverse("events:event", args=[event.pk]),
            location=_location(
                event.organisation.short_name if event.organisation else "", event.address, event.online_url
            ),
            categories=(str(KIND_LABELS.get(event.kind, event.kind)),),
            status="CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED",
            modified=event.updated_at,
        )
    return writer.to_bytes()
