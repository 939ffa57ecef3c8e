"""Writes of the municipality's events themselves: plan, change, cancel, mark held, delete, and
release a contest's results (000 §2.3.3). Each runs in one transaction with its audit row (through
the audited Wagtail actions where it creates or edits) and the events' columns of the region's
roll-up; e-mails about a change go by Celery tasks in this municipality's schema after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_create, audited_update
from tenants.events import rollups, tasks
from tenants.events.models import (
    ACTIVE_REGISTRATION_STATUSES,
    Event,
    EventStatus,
)
from tenants.events.services.registrations import event_task_send, waitlist_promote

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "kind",
        "description",
        "starts_at",
        "ends_at",
        "hours",
        "organisation",
        "address",
        "online_url",
        "audience",
        "organiser_body",
        "methodologist",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "registration_enabled",
        "is_public",
        "competence_areas",
        "plan_item",
    }
)
# A change of any of these is news for the registered: they get an e-mail (issue 5).
NOTIFIED_FIELDS = ("starts_at", "ends_at", "organisation", "address", "online_url")

# What a rich-text description may keep: Wagtail's own markup for the features the form offers.
_ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id"}}


def description_sanitise(html: str) -> str:
    """Keep only the markup the editor offers: no scripts, styles or event handlers."""
    return nh3.clean(
        html or "",
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


# --- events -------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, acting_user: ActingUser, **fields: Any) -> Event:
    """Plan an event (000 §2.3.3). Validation errors come back in Russian, by field."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    event = Event(**fields, created_by=signed_in_user(acting_user))
    event.description = description_sanitise(event.description)
    event.full_clean()
    audited_create(event, acting_user=acting_user)
    rollups.events_rollup_refresh(days=[event.starts_at])
    return event


@transaction.atomic
def event_update(*, event: Event, acting_user: ActingUser, data: Mapping[str, Any]) -> Event:
    """Change an event; the registered are told of a new time or place, and reminded again."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено: его нельзя изменить."), code="cancelled")
    before = {name: getattr(locked, name) for name in NOTIFIED_FIELDS}
    previous_start, previous_capacity = locked.starts_at, locked.capacity
    for name, value in data.items():
        setattr(event, name, value)
    event.description = description_sanitise(event.description)
    event.full_clean()
    audited_update(event, acting_user=acting_user)
    changed = [name for name in NOTIFIED_FIELDS if getattr(event, name) != before[name]]
    if changed:
        if event.starts_at != previous_start:
            # A moved event is reminded of again, a day before its new date.
            event.registrations.update(reminder_sent_at=None)
        if event.registrations.filter(status__in=ACTIVE_REGISTRATION_STATUSES).exists():
            event_task_send(tasks.event_change_notify, event_id=event.pk, change="changed")
    if event.capacity != previous_capacity and locked.status == EventStatus.SCHEDULED:
        waitlist_promote(event)  # more seats: the waiting list moves up
    rollups.events_rollup_refresh(days=[previous_start, event.starts_at])
    return event


@transaction.atomic
def event_cancel(*, event: Event, acting_user: ActingUser, reason: str) -> Event:
    """Cancel an event; everyone registered or waiting is told why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину отмены: её получат зарегистрированные участники.")})
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != EventStatus.SCHEDULED:
        raise ValidationError(_("Отменить можно только запланированное мероприятие."), code="status")
    # Saved (not a queryset update) so that the site's page cache hears of the change.
    locked.status, locked.cancel_reason = EventStatus.CANCELLED, reason
    locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    event.refresh_from_db()
    audit_record_municipal(
        action="event.cancel", acting_user=acting_user, target=f"event#{event.pk}: {event}", data={"reason": reason}
    )
    if event.registrations.filter(status__in=ACTIVE_REGISTRATION_STATUSES).exists():
        event_task_send(tasks.event_change_notify, event_id=event.pk, change="cancelled")
    rollups.events_rollup_refresh(days=[event.starts_at])
    return event


@transaction.atomic
def event_mark_held(*, event: Event, acting_user: ActingUser) -> Event:
    """Record that the event took place; the plan item it fulfils is marked done (000 §3.6).

    The participants counted are those marked present.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != EventStatus.SCHEDULED:
        raise ValidationError(_("Проведённым можно отметить только запланированное мероприятие."), code="status")
    if locked.starts_at > timezone.now():
        raise ValidationError(_("Мероприятие ещё не началось."), code="future")
    locked.status = EventStatus.HELD
    locked.save(update_fields=["status", "updated_at"])
    event.refresh_from_db()
    attended = event.registrations.filter(attended=True).count()
    plan_refusal = _plan_item_done(event=event, participants=attended, acting_user=acting_user)
    audit_record_municipal(
        action="event.held",
        acting_user=acting_user,
        target=f"event#{event.pk}: {event}",
        data={"attended": attended, "plan_item": event.plan_item_id, "plan_refusal": plan_refusal},
    )
    event.plan_refusal = plan_refusal  # type: ignore[attr-defined]  # shown by the admin
    rollups.events_rollup_refresh(days=[event.starts_at])
    return event


def _plan_item_done(*, event: Event, participants: int, acting_user: ActingUser) -> str:
    """Mark the plan item this event fulfils as done (000 §3.6); the reason if the plan refuses.

    Holding the event is authorised by the event's own permission; the plan may still refuse
    (e.g. it is not approved yet), which does not undo the event: the refusal is returned.
    """
    if event.plan_item is None:
        return ""
    from tenants.plans.services import plan_item_mark_done

    result = _("Проведено мероприятие «%(title)s», присутствовали: %(count)s.") % {
        "title": event.title,
        "count": participants,
    }
    try:
        with transaction.atomic():
            plan_item_mark_done(
                item=event.plan_item,
                participants=participants,
                actual_result=result,
                acting_user=acting_user,
                skip_permission_checks=True,
            )
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@transaction.atomic
def event_delete(*, event: Event, acting_user: ActingUser) -> None:
    """Delete an event entered by mistake; one with registrations is cancelled instead."""
    from tenants.audited_actions import audited_delete

    if event.registrations.exists():
        raise ValidationError(
            _("На мероприятие уже регистрировались: отмените его, чтобы участники получили уведомление."),
            code="has_registrations",
        )
    day = event.starts_at
    audited_delete(event, acting_user=acting_user)
    rollups.events_rollup_refresh(days=[day])


# --- contests -------------------------------------------------------------------------------


@transaction.atomic
def contest_results_publish(*, event: Event, acting_user: ActingUser, publish: bool = True) -> Event:
    """Release (or withdraw) a contest's or olympiad's results on the site (000 §2.3.3)."""
    if not event.is_contest:
        raise ValidationError(_("Итоги публикуются только у конкурсов и олимпиад."), code="kind")
    if publish and not event.contest_participants.exists():
        raise ValidationError(_("Добавьте участников и их результаты, прежде чем публиковать итоги."))
    event.results_published_at = timezone.now() if publish else None
    event.save(update_fields=["results_published_at", "updated_at"])
    audit_record_municipal(
        action="event.results_publish" if publish else "event.results_withdraw",
        acting_user=acting_user,
        target=f"event#{event.pk}: {event}",
        data={"published": publish},
    )
    return event
