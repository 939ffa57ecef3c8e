"""Corrections of an approved plan (001 §3.3): a month, quarter or half-year correction with its
reason gathers added, moved and cancelled items, and takes effect when the head applies it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, Role, signed_in_user
from audit.services import audit_record_municipal
from tenants.plans.models import (
    AnnualPlan,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionAction,
    PlanCorrectionEntry,
    PlanCorrectionKind,
    PlanItem,
)
from tenants.plans.selectors import SUBMIT_PERMISSION, user_holds_role
from tenants.plans.services.workflow import permission_require, plan_lock, plan_rollup

CORRECTION_LOG_ACTION = "plans.correction"


def correction_lock(correction: PlanCorrection) -> PlanCorrection:
    """The correction as it is in the database now (locked): the caller's copy may be stale."""
    return PlanCorrection.objects.select_for_update().get(pk=correction.pk)


def correction_check_open(correction: PlanCorrection, plan: AnnualPlan) -> None:
    if correction.plan_id != plan.pk:
        raise ValidationError(_("Коррекция относится к другому плану."))
    if correction.is_applied:
        raise ValidationError(_("Коррекция уже применена: изменения в неё не вносятся."))


def _period_start(kind: str, day: datetime.date) -> datetime.date:
    if kind == PlanCorrectionKind.MONTH:
        return day.replace(day=1)
    if kind == PlanCorrectionKind.QUARTER:
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return datetime.date(day.year, 1 if day.month < 7 else 7, 1)


@transaction.atomic
def plan_correction_create(
    *,
    plan: AnnualPlan,
    kind: str,
    period_start: datetime.date,
    reason: str,
    acting_user: ActingUser,
    skip_permission_checks: bool = False,
) -> PlanCorrection:
    """Open a month, quarter or half-year correction of an approved plan, with its reason."""
    _correcting_require(acting_user, skip=skip_permission_checks)
    locked = plan_lock(plan)
    if not locked.takes_corrections:
        raise ValidationError(_("Коррекции вносятся в утверждённый план, который исполняется."))
    if kind not in PlanCorrectionKind.values:
        raise ValidationError({"kind": _("Неизвестный вид коррекции.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Укажите основание коррекции.")})
    start = _period_start(kind, period_start)
    if not plan.year.contains(start) and not plan.year.contains(period_start):
        raise ValidationError({"period_start": _("Период коррекции вне учебного года плана.")})
    correction = PlanCorrection(
        plan=plan, kind=kind, period_start=start, reason=reason.strip(), created_by=signed_in_user(acting_user)
    )
    correction.save()
    audit_record_municipal(
        action="plan.correction_create",
        acting_user=acting_user,
        target=f"plancorrection#{correction.pk}: {correction}",
        data={"id": correction.pk, "plan": plan.pk, "kind": kind},
    )
    return correction


def _correcting_require(acting_user: ActingUser, *, skip: bool) -> None:
    permission_require(acting_user, "plans.add_plancorrection", _("Нет права вносить коррекции плана."), skip=skip)


def _entry_item(correction: PlanCorrection, item: PlanItem) -> PlanItem:
    """The item a move or a cancellation names, locked with its plan, once the rules allow it."""
    plan_lock(correction.plan)
    correction_check_open(correction_lock(correction), item.plan)
    item = PlanItem.objects.select_for_update(of=("self",)).select_related("correction").get(pk=item.pk)
    if item.correction_id is not None and item.correction is not None and not item.correction.is_applied:
        raise ValidationError(_("Мероприятие ещё не включено в план: его можно просто изменить в его коррекции."))
    if item.status in (ItemStatus.DONE, ItemStatus.CANCELLED):
        raise ValidationError(
            _("Мероприятие уже «%(status)s»: переносить или отменять его нельзя.")
            % {"status": item.get_status_display()}
        )
    if PlanCorrectionEntry.objects.filter(correction=correction, item=item).exists():
        raise ValidationError(_("Это мероприятие уже есть в коррекции."))
    return item


@transaction.atomic
def plan_correction_move(
    *,
    correction: PlanCorrection,
    item: PlanItem,
    reason: str,
    acting_user: ActingUser,
    new_month: int | None = None,
    new_date_start: datetime.date | None = None,
    new_date_end: datetime.date | None = None,
    skip_permission_checks: bool = False,
) -> PlanCorrectionEntry:
    """Move an item to another month or dates within the correction (applied with it)."""
    _correcting_require(acting_user, skip=skip_permission_checks)
    item = _entry_item(correction, item)
    if not reason.strip():
        raise ValidationError({"reason": _("Укажите причину переноса.")})
    probe = PlanItem(
        plan=item.plan,
        direction_id=item.direction_id,
        form=item.form,
        topic=item.topic,
        month=new_month or (new_date_start.month if new_date_start else None),
        date_start=new_date_start,
        date_end=new_date_end,
    )
    probe.clean()
    entry = PlanCorrectionEntry.objects.create(
        correction=correction,
        action=PlanCorrectionAction.MOVE,
        item=item,
        reason=reason.strip(),
        new_month=probe.month,
        new_date_start=new_date_start,
        new_date_end=new_date_end,
    )
    audit_record_municipal(
        action="plan.correction_move",
        acting_user=acting_user,
        target=f"planitem#{item.pk}: {item}",
        data={"correction": correction.pk, "item": item.pk, "month": probe.month},
    )
    return entry


@transaction.atomic
def plan_correction_cancel(
    *,
    correction: PlanCorrection,
    item: PlanItem,
    reason: str,
    acting_user: ActingUser,
    skip_permission_checks: bool = False,
) -> PlanCorrectionEntry:
    """Cancel an item within the correction, with the reason (applied with it)."""
    _correcting_require(acting_user, skip=skip_permission_checks)
    item = _entry_item(correction, item)
    if not reason.strip():
        raise ValidationError({"reason": _("Укажите причину отмены.")})
    entry = PlanCorrectionEntry.objects.create(
        correction=correction, action=PlanCorrectionAction.CANCEL, item=item, reason=reason.strip()
    )
    audit_record_municipal(
        action="plan.correction_cancel",
        acting_user=acting_user,
        target=f"planitem#{item.pk}: {item}",
        data={"correction": correction.pk, "item": item.pk},
    )
    return entry


@transaction.atomic
def plan_correction_entry_delete(
    *, entry: PlanCorrectionEntry, acting_user: ActingUser, skip_permission_checks: bool = False
) -> None:
    """Take a change out of a correction not yet applied (an added item goes with it)."""
    _correcting_require(acting_user, skip=skip_permission_checks)
    plan_lock(entry.correction.plan)
    correction_check_open(correction_lock(entry.correction), entry.correction.plan)
    item = entry.item
    audit_record_municipal(
        action="plan.correction_entry_delete",
        acting_user=acting_user,
        target=f"planitem#{item.pk}: {item}",
        data={"correction": entry.correction_id, "action": entry.action},
    )
    if entry.action == PlanCorrectionAction.ADD:
        item.delete()  # the entry goes with it
    else:
        entry.delete()


@transaction.atomic
def plan_correction_apply(
    *, correction: PlanCorrection, acting_user: ActingUser, skip_permission_checks: bool = False
) -> PlanCorrection:
    """Apply a correction: its added items enter the plan, moves and cancellations take effect.

    The entries keep where each moved item was and its status before, so the plan as of any
    earlier date can be shown (``selectors.plan_items_as_of``). The head of the service applies.
    """
    if not skip_permission_checks and not (
        user_holds_role(acting_user, Role.HEAD) and acting_user and acting_user.has_perm(SUBMIT_PERMISSION)
    ):
        raise PermissionDenied(_("Применить коррекцию может только руководитель службы."))
    plan = plan_lock(correction.plan)
    correction = PlanCorrection.objects.select_for_update().get(pk=correction.pk)
    correction_check_open(correction, plan)
    if not plan.takes_corrections:
        raise ValidationError(_("Коррекции применяются к утверждённому плану, который исполняется."))
    entries = list(correction.entries.select_related("item"))
    if not entries:
        raise ValidationError(_("В коррекции нет изменений."))
    for entry in entries:
        item = entry.item
        if entry.action == PlanCorrectionAction.ADD:
            continue
        if item.status in (ItemStatus.DONE, ItemStatus.CANCELLED):
            raise ValidationError(
                _("Мероприятие «%(item)s» уже «%(status)s»: уберите его из коррекции.")
                % {"item": item.topic, "status": item.get_status_display()}
            )
        entry.old_month, entry.old_date_start, entry.old_date_end = item.month, item.date_start, item.date_end
        entry.old_status = item.status
        entry.save(update_fields=["old_month", "old_date_start", "old_date_end", "old_status"])
        if entry.action == PlanCorrectionAction.MOVE:
            item.month, item.date_start, item.date_end = entry.new_month, entry.new_date_start, entry.new_date_end
            item.status = ItemStatus.MOVED
        else:
            item.status = ItemStatus.CANCELLED
        item.save(update_fields=["month", "date_start", "date_end", "status", "updated_at"])
    now = timezone.now()
    correction.applied_at, correction.applied_by = now, signed_in_user(acting_user)
    correction.save(update_fields=["applied_at", "applied_by"])
    counts = {a: sum(1 for e in entries if e.action == a) for a in PlanCorrectionAction.values}
    data = {"id": correction.pk, "plan": plan.pk, **counts}
    log(instance=plan, action=CORRECTION_LOG_ACTION, user=signed_in_user(acting_user), data=data)
    audit_record_municipal(
        action="plan.correction_apply",
        acting_user=acting_user,
        target=f"plancorrection#{correction.pk}: {correction}",
        data=data,
    )
    plan_rollup(plan)
    return correction
