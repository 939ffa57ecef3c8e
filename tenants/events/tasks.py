"""E-mails about events, sent by the worker in the municipality's schema (in Russian).

Every task takes the municipality and ids, and refuses to run in another schema
(``municipality_for_task``). ``event_reminders_fan_out`` is the hourly beat entry: it runs in the
region and sends one ``event_reminders_send`` per active municipality into its schema; that one
reminds each registered participant once (``reminder_sent_at`` is claimed before sending, so a
second run, or two workers at once, send nothing twice). ``registrations_pending_purge_fan_out``
does the same for guests' registrations left unconfirmed past their time.
"""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tenants.municipalities.dispatch import municipality_for_task, task_send
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_activate_public
from tenants.municipalities.selectors import municipality_base_url

REMINDER_AHEAD = datetime.timedelta(hours=24)
NOTICES = ("confirm", "confirmed", "waitlisted", "promoted")


def _link(municipality: Municipality, name: str, **kwargs: Any) -> str:
    return municipality_base_url(municipality) + reverse(name, urlconf=settings.ROOT_URLCONF, kwargs=kwargs)


def _context(municipality: Municipality, registration: Any) -> dict[str, Any]:
    from tenants.events.models import PENDING_CONFIRMATION_TTL

    event = registration.event
    return {
        "municipality": municipality,
        "registration": registration,
        "event": event,
        "starts": timezone.localtime(event.starts_at),
        "ends": timezone.localtime(event.ends_at),
        "event_link": _link(municipality, "events:event", pk=event.pk),
        "confirm_link": _link(municipality, "events:registration_confirm", secret=registration.secret),
        "cancel_link": _link(municipality, "events:registration_cancel", secret=registration.secret),
        "confirm_hours": int(PENDING_CONFIRMATION_TTL.total_seconds() // 3600),
    }


def _mail(template: str, context: dict[str, Any], to: str) -> None:
    with translation.override("ru"):
        subject = " ".join(render_to_string(f"events/email/{template}_subject.txt", context).split())
        body = render_to_string(f"events/email/{template}_message.txt", context)
    municipal_mail_send(municipality=context["municipality"], subject=subject, body=body, to=[to])


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def registration_notice_send(self: object, *, municipality_id: int, registration_id: int, notice: str) -> str:
    """A guest's confirmation link, or the news of a seat, a place on the waiting list, a promotion."""
    from tenants.events.models import Registration

    if notice not in NOTICES:
        raise ValueError(f"unknown notice {notice!r}")
    municipality = municipality_for_task(municipality_id)
    registration = Registration.objects.select_related("event", "event__organisation").get(pk=registration_id)
    _mail(f"registration_{notice}", _context(municipality, registration), registration.email)
    return registration.email


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def event_change_notify(self: object, *, municipality_id: int, event_id: int, change: str) -> int:
    """Tell everyone registered (or waiting) that the event moved, changed place, or was cancelled."""
    from tenants.events.models import ACTIVE_REGISTRATION_STATUSES, Registration, RegistrationStatus

    if change not in ("changed", "cancelled"):
        raise ValueError(f"unknown change {change!r}")
    municipality = municipality_for_task(municipality_id)
    statuses = [s for s in ACTIVE_REGISTRATION_STATUSES if s != RegistrationStatus.AWAITING_CONFIRMATION]
    registrations = Registration.objects.select_related("event", "event__organisation").filter(
        event_id=event_id, status__in=statuses
    )
    sent = 0
    for registration in registrations:
        _mail(f"event_{change}", _context(municipality, registration), registration.email)
        sent += 1
    return sent


def reminders_due(now: datetime.datetime) -> QuerySet[Any]:
    """Seats at scheduled events starting within the next day, not reminded yet."""
    from tenants.events.models import EventStatus, Registration, RegistrationStatus

    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=EventStatus.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    ).order_by("pk")


@shared_task(bind=True, acks_late=True)
def event_reminders_send(self: object, *, municipality_id: int) -> list[str]:
    """Remind this municipality's registered participants a day before (once per registration)."""
    from tenants.events.models import Registration

    municipality = municipality_for_task(municipality_id)
    now = timezone.now()
    sent: list[str] = []
    for registration_id in reminders_due(now).values_list("pk", flat=True):
        # Claim first: only the run whose update took the row sends the e-mail.
        if not Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            continue
        registration = Registration.objects.select_related("event", "event__organisation").get(pk=registration_id)
        try:
            _mail("event_reminder", _context(municipality, registration), registration.email)
        except OSError:
            Registration.objects.filter(pk=registration_id).update(reminder_sent_at=None)
            raise
        sent.append(registration.email)
    return sent


def _fan_out(task: Any) -> int:
    """Send ``task`` once per active municipality, into its schema (from the region)."""
    schema_activate_public()
    municipalities = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public")
    count = 0
    for municipality in municipalities.only("pk", "schema_name"):
        task_send(task, schema_name=municipality.schema_name, municipality_id=municipality.pk)
        count += 1
    return count


@shared_task(acks_late=True)
def event_reminders_fan_out() -> int:
    """Beat (hourly), in the region: one reminder task per active municipality, into its schema."""
    return _fan_out(event_reminders_send)


@shared_task(bind=True, acks_late=True)
def registrations_pending_purge(self: object, *, municipality_id: int) -> int:
    """Delete this municipality's guest registrations never confirmed in time."""
    from tenants.events.services import registration_pending_purge

    municipality_for_task(municipality_id)
    return registration_pending_purge()


@shared_task(acks_late=True)
def registrations_pending_purge_fan_out() -> int:
    """Beat (hourly), in the region: one purge of lapsed guest registrations per municipality."""
    return _fan_out(registrations_pending_purge)
