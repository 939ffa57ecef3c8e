"""The events and the unified regional calendar (004 §4.6): a municipal event proposed to it, and
one of its events taken into the municipality's annual plan.
"""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.events.models import (
    Event,
    EventStatus,
)
from tenants.events.selectors import event_public_url
from tenants.municipalities.selectors import current_municipality

# --- the unified regional calendar -------------------------------------------------------------


def event_propose_to_region(*, event: Event, acting_user: ActingUser, note: str = "") -> Any:
    """Propose this event for the unified regional calendar (004 §4.6); the institute decides."""
    from unified_calendar.services import proposal_create

    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("Events live in a municipality's schema.")
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Отменённое мероприятие нельзя предложить в единый календарь."), code="cancelled")
    if not event.is_public:
        raise ValidationError(
            _("В единый календарь предлагаются только открытые мероприятия, опубликованные на сайте."), code="private"
        )
    organiser = event.organiser_body.name if event.organiser_body_id and event.organiser_body else municipality.name
    return proposal_create(
        municipality=municipality,
        acting_user=acting_user,
        event_id=event.pk,
        title=event.title,
        kind=event.kind,
        audience=event.audience,
        starts_on=timezone.localdate(event.starts_at),
        ends_on=timezone.localdate(event.ends_at),
        organiser=organiser,
        url=event_public_url(event),
        description=nh3.clean(event.description or "", tags=set()).strip(),
        competence_areas=list(event.competence_areas),
        note=note,
    )


# --- the annual plan takes a regional event (004 §4.6) -------------------------------------------

# The plan's forms of work for the kinds of events.
PLAN_FORMS = {
    "seminar": "seminar",
    "conference": "conference",
    "research_conference": "conference",
    "round_table": "round_table",
    "master_class": "master_class",
    "contest": "contest",
    "olympiad": "olympiad",
    "consultation_day": "consultation",
    "association_meeting": "meeting",
}


@transaction.atomic
def regional_event_take_into_plan(
    *,
    regional_event: Any,
    plan: Any,
    direction: Any,
    acting_user: ActingUser,
    correction: Any = None,
    new_correction_kind: str = "",
    new_correction_reason: str = "",
) -> Any:
    """Add a unified-calendar event to the municipality's annual plan as an item (004 §4.6).

    A draft plan takes it directly; an approved one only within a correction (001 §3.3): an
    open one chosen, or a new one opened here with its kind and reason.
    """
    from tenants.plans.models import PlanItem
    from tenants.plans.services import plan_correction_create, plan_item_create

    if PlanItem.objects.filter(plan=plan, unified_calendar_event_id=regional_event.pk).exists():
        raise ValidationError(_("Это событие уже есть в плане."), code="duplicate")
    if correction is None and new_correction_kind and plan.takes_corrections:
        correction = plan_correction_create(
            plan=plan,
            kind=new_correction_kind,
            period_start=regional_event.starts_on,
            reason=new_correction_reason,
            acting_user=acting_user,
        )
    organiser = regional_event.organiser
    if regional_event.source_municipality_id:
        organiser = f"{organiser} ({regional_event.source_municipality})"
    item = plan_item_create(
        plan=plan,
        acting_user=acting_user,
        correction=correction,
        reason=_("Событие единого календаря региона"),
        direction=direction,
        form=PLAN_FORMS.get(regional_event.kind, "other"),
        topic=regional_event.title[:500],
        audience=str(regional_event.get_audience_display())[:300],
        month=regional_event.starts_on.month,
        date_start=regional_event.starts_on,
        date_end=regional_event.ends_on,
        responsible_text=organiser[:255],
        unified_calendar_event_id=regional_event.pk,
    )
    audit_record_municipal(
        action="regional_event.to_plan",
        acting_user=acting_user,
        target=f"planitem#{item.pk}: {item}",
        data={"regional_event": regional_event.pk, "plan": plan.pk, "correction": getattr(correction, "pk", None)},
    )
    return item
