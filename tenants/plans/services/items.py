"""Writes of the plan's items: add, change, remove, mark as held (001 §3.2, §3.4).

An approved plan takes new items only within a correction not yet applied (001 §3.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from rollups.models import PlanStatus
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.plans.models import (
    AnnualPlan,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionAction,
    PlanCorrectionEntry,
    PlanItem,
)
from tenants.plans.services.corrections import correction_check_open, correction_lock
from tenants.plans.services.workflow import permission_require, plan_lock, plan_rollup

EDIT_PERMISSION = "plans.change_planitem"

# Fields of an item a person sets; the rest (status, results, links) belong to the workflow.
ITEM_FIELDS = frozenset(
    {
        "direction",
        "form",
        "topic",
        "audience",
        "month",
        "date_start",
        "date_end",
        "responsible",
        "responsible_user",
        "responsible_text",
        "organisation",
        "body",
        "expected_result",
        "unified_calendar_event_id",
    }
)


def _item_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ValueError(f"not plan item fields: {sorted(unknown)}")
    return dict(fields)


def item_number_next(plan: AnnualPlan) -> int:
    return (PlanItem.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def plan_item_create(
    *,
    plan: AnnualPlan,
    acting_user: ActingUser,
    correction: PlanCorrection | None = None,
    reason: str = "",
    skip_permission_checks: bool = False,
    **fields: Any,
) -> PlanItem:
    """Add an item. To an approved plan only within a correction not yet applied (001 §3.3).

    ``fields`` are the item's own (``ITEM_FIELDS``); the unified calendar's "add to plan" passes
    ``unified_calendar_event_id``.
    """
    permission_require(
        acting_user, "plans.add_planitem", _("Нет права добавлять мероприятия в план."), skip=skip_permission_checks
    )
    locked = plan_lock(plan)
    if locked.is_editable_in_place:
        if correction is not None:
            raise ValidationError(_("План ещё не утверждён: мероприятие добавляется в него без коррекции."))
    elif locked.takes_corrections:
        if correction is None:
            raise ValidationError(
                _("План утверждён: добавить мероприятие можно только через коррекцию плана."), code="needs_correction"
            )
        correction = correction_lock(correction)
        correction_check_open(correction, plan)
    else:
        raise ValidationError(
            _("В план со статусом «%(status)s» мероприятия не добавляются.")
            % {"status": PlanStatus(locked.status).label}
        )
    item = PlanItem(plan=plan, number=item_number_next(plan), correction=correction, **_item_fields(fields))
    item.full_clean()
    audited_create(item, acting_user=acting_user)
    if correction is not None:
        PlanCorrectionEntry.objects.create(
            correction=correction, action=PlanCorrectionAction.ADD, item=item, reason=reason.strip()
        )
    plan_rollup(plan)
    return item


def _editable(item: PlanItem) -> None:
    plan = plan_lock(item.plan)
    if item.correction_id is not None and item.correction is not None and not item.correction.is_applied:
        return  # an item waiting in an open correction is still being drafted
    if not plan.is_editable_in_place:
        raise ValidationError(
            _("План утверждён: изменить мероприятие можно только через коррекцию плана (перенос или отмена)."),
            code="needs_correction",
        )


@transaction.atomic
def plan_item_update(
    *, item: PlanItem, acting_user: ActingUser, data: Mapping[str, Any], skip_permission_checks: bool = False
) -> PlanItem:
    """Change an item of a draft or returned plan (or one waiting in an open correction)."""
    permission_require(
        acting_user, EDIT_PERMISSION, _("Нет права менять мероприятия плана."), skip=skip_permission_checks
    )
    _editable(item)
    for name, value in _item_fields(data).items():
        setattr(item, name, value)
    item.full_clean()
    audited_update(item, acting_user=acting_user)
    plan_rollup(item.plan)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    """Remove an item from a draft or returned plan (after approval items are cancelled instead)."""
    permission_require(
        acting_user, "plans.delete_planitem", _("Нет права удалять мероприятия плана."), skip=skip_permission_checks
    )
    _editable(item)
    plan = item.plan
    audited_delete(item, acting_user=acting_user)
    plan_rollup(plan)


@transaction.atomic
def plan_item_mark_done(
    *,
    item: PlanItem,
    participants: int,
    actual_result: str,
    acting_user: ActingUser,
    skip_permission_checks: bool = False,
) -> PlanItem:
    """Record that an item was held: its actual result and the number of participants.

    Called by the events app when an event linked to the item is held, and from the plan's
    screens. Only items of an approved plan in effect, not cancelled; marking again corrects
    the figures.
    """
    permission_require(
        acting_user, EDIT_PERMISSION, _("Нет права отмечать выполнение плана."), skip=skip_permission_checks
    )
    plan = plan_lock(item.plan)
    if not plan.takes_corrections:
        raise ValidationError(
            _("Выполнение отмечается в утверждённом плане; статус плана: «%(status)s».")
            % {"status": PlanStatus(plan.status).label}
        )
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("correction").get(pk=item.pk)
    if item.correction is not None and not item.correction.is_applied:
        raise ValidationError(_("Мероприятие ещё не включено в план: коррекция не применена."))
    if item.status == ItemStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено: отметить его выполненным нельзя."))
    if participants < 0:
        raise ValidationError({"participants": _("Число участников не может быть отрицательным.")})
    previous = item.status
    item.status = ItemStatus.DONE
    item.participants = participants
    item.actual_result = actual_result.strip()
    item.done_at = item.done_at or timezone.now()
    item.save(update_fields=["status", "participants", "actual_result", "done_at", "updated_at"])
    audit_record_municipal(
        action="plan_item.done",
        acting_user=acting_user,
        target=f"planitem#{item.pk}: {item}",
        data={"id": item.pk, "from": previous, "participants": participants},
    )
    log(instance=item, action="wagtail.edit", user=signed_in_user(acting_user), data={"status": ItemStatus.DONE})
    plan_rollup(plan)
    return item
