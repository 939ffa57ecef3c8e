"""Writes of the annual plan: the plan and its workflow, items, corrections, cyclogram, reports.

Every function is atomic, writes its audit row (and Wagtail's history entry) in its
transaction and the region's roll-ups in the same one (``tenants.plans.rollups``). Who may do
what follows the regulations: the head of the service submits the plan, only the chair of the
education committee approves it or returns it (000 §3.2, 001 §3.2); after approval the plan
changes only by corrections (001 §3.3). Pass ``skip_permission_checks=True`` only from code
that acts for the system (demo data, commands); views pass the signed-in user.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, Role, signed_in_user
from accounts.selectors import user_roles
from audit.services import audit_record_municipal
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality
from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionAction,
    PlanCorrectionEntry,
    PlanCorrectionKind,
    PlanItem,
    PlanReport,
    PlanTransition,
    ReportKind,
    ReportState,
)
from tenants.plans.rollups import plan_rollup_write

SUBMIT_PERMISSION = "plans.submit_annualplan"
APPROVE_PERMISSION = "plans.approve_annualplan"
EDIT_PERMISSION = "plans.change_planitem"
TRANSITION_LOG_ACTION = "plans.transition"
CORRECTION_LOG_ACTION = "plans.correction"

logger = logging.getLogger(__name__)

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

# Which role makes each step of the workflow, and from where (000 §3.2, 001 §3.2).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # to: (from, role, permission)
    PlanStatus.SUBMITTED: ((PlanStatus.DRAFT, PlanStatus.RETURNED), Role.HEAD, SUBMIT_PERMISSION),
    PlanStatus.APPROVED: ((PlanStatus.SUBMITTED,), Role.CHAIR, APPROVE_PERMISSION),
    PlanStatus.RETURNED: ((PlanStatus.SUBMITTED,), Role.CHAIR, APPROVE_PERMISSION),
    PlanStatus.IN_EXECUTION: ((PlanStatus.APPROVED,), Role.HEAD, SUBMIT_PERMISSION),
    PlanStatus.CLOSED: ((PlanStatus.IN_EXECUTION,), Role.HEAD, SUBMIT_PERMISSION),
}


def user_holds_role(user: ActingUser, role: str) -> bool:
    """Whether ``user`` holds ``role`` in the municipality whose schema is in use."""
    return user is not None and user_roles(user).has(role, schema_active())


def user_may_transition(user: ActingUser, plan: AnnualPlan, to_status: str) -> bool:
    """Whether ``user`` may move ``plan`` to ``to_status`` now (for buttons and for the services).

    Both the role and its permission are asked: content editors hold every permission of the
    plans app, but only the chair approves and only the head submits.
    """
    sources, role, permission = TRANSITIONS[to_status]
    return plan.status in sources and user_holds_role(user, role) and bool(user and user.has_perm(permission))


def _require(acting_user: ActingUser, permission: str, message: str, *, skip: bool) -> None:
    if not skip and (acting_user is None or not acting_user.has_perm(permission)):
        raise PermissionDenied(message)


def _rollup(plan: AnnualPlan) -> None:
    plan_rollup_write(plan_id=plan.pk, academic_year=plan.academic_year)


def _locked(plan: AnnualPlan) -> AnnualPlan:
    """The plan row locked for this transaction: two writers of one plan take turns."""
    fresh = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    plan.status = fresh.status
    return fresh


# --- the plan -----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, academic_year: AcademicYear | int, acting_user: ActingUser, note: str = "", skip_permission_checks: bool = False
) -> AnnualPlan:
    """Start the plan of an academic year as a draft (one plan per year)."""
    _require(
        acting_user,
        "plans.add_annualplan",
        _("Создавать план может методист или руководитель службы."),
        skip=skip_permission_checks,
    )
    year = academic_year if isinstance(academic_year, AcademicYear) else AcademicYear(academic_year)
    if AnnualPlan.objects.filter(academic_year=year.start).exists():
        raise ValidationError(
            {"academic_year": _("План на %(year)s учебный год уже есть.") % {"year": year.label}}, code="unique"
        )
    plan = AnnualPlan(academic_year=year.start, note=note, created_by=signed_in_user(acting_user))
    plan.full_clean()
    audited_create(plan, acting_user=acting_user)
    _rollup(plan)
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: AnnualPlan,
    acting_user: ActingUser,
    note: str | None = None,
    conclusion: str | None = None,
    skip_permission_checks: bool = False,
) -> AnnualPlan:
    """Change the plan's note or the head's conclusion for the analysis (000 §3.6)."""
    _require(acting_user, "plans.change_annualplan", _("Нет права менять план."), skip=skip_permission_checks)
    if note is not None:
        plan.note = note
    if conclusion is not None:
        plan.conclusion = conclusion
    audited_update(plan, acting_user=acting_user)
    return plan


@transaction.atomic
def plan_delete(*, plan: AnnualPlan, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    """Delete a plan that was never submitted; an approved plan is a document and stays."""
    _require(acting_user, "plans.delete_annualplan", _("Нет права удалять план."), skip=skip_permission_checks)
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT or locked.transitions.exists():
        raise ValidationError(_("Удалить можно только черновик плана, который ни разу не направлялся на утверждение."))
    plan_id, year = plan.pk, plan.academic_year
    audited_delete(plan, acting_user=acting_user)
    plan_rollup_write(plan_id=plan_id, academic_year=year)


def _transition(
    *, plan: AnnualPlan, to_status: str, acting_user: ActingUser, comment: str, skip_permission_checks: bool
) -> AnnualPlan:
    sources, role, _permission = TRANSITIONS[to_status]
    locked = _locked(plan)
    if not skip_permission_checks and not user_holds_role(acting_user, role):
        raise PermissionDenied(
            _("Это действие может выполнить только: %(role)s.") % {"role": str(Role(role).label).lower()}
        )
    if not skip_permission_checks and not (acting_user and acting_user.has_perm(_permission)):
        raise PermissionDenied(_("Нет права на это действие с планом."))
    previous = locked.status
    if previous not in sources:
        raise ValidationError(
            _("Нельзя перевести план из статуса «%(from)s» в статус «%(to)s».")
            % {"from": PlanStatus(previous).label, "to": PlanStatus(to_status).label},
            code="transition",
        )
    now = timezone.now()
    user = signed_in_user(acting_user)
    updates: dict[str, Any] = {"status": to_status, "updated_at": now}
    if to_status == PlanStatus.APPROVED:
        updates.update(approved_at=now, approved_by=user)
    AnnualPlan.objects.filter(pk=plan.pk).update(**updates)
    plan.refresh_from_db()
    PlanTransition.objects.create(
        plan=plan, from_status=previous, to_status=to_status, comment=comment, changed_by=user, changed_at=now
    )
    data = {"id": plan.pk, "from": previous, "to": to_status, "comment": comment}
    log(instance=plan, action=TRANSITION_LOG_ACTION, user=user, data=data)
    audit_record_municipal(
        action="plan.transition", acting_user=acting_user, target=f"annualplan#{plan.pk}: {plan}", data=data
    )
    _rollup(plan)
    return plan


@transaction.atomic
def plan_submit(
    *, plan: AnnualPlan, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> AnnualPlan:
    """The head of the service sends the plan to the committee chair (000 §3.2)."""
    if not PlanItem.objects.filter(plan=plan).exists():
        raise ValidationError(_("В плане нет ни одного мероприятия: направлять на утверждение нечего."))
    return _transition(
        plan=plan,
        to_status=PlanStatus.SUBMITTED,
        acting_user=acting_user,
        comment=comment.strip(),
        skip_permission_checks=skip_permission_checks,
    )


@transaction.atomic
def plan_approve(
    *, plan: AnnualPlan, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> AnnualPlan:
    """The chair of the education committee approves the plan (000 §3.2, 001 §3.2).

    The approved plan is a document of the service (004 §4.10): its DOCX goes into the register
    as the version in force of the kind «annual-plan», in the approval's own transaction. It is
    built here rather than by a task because it is small and quick (a table, no PDF), and
    because then there is no state "approved, but not in the register": both commit, or
    neither does.
    """
    plan = _transition(
        plan=plan,
        to_status=PlanStatus.APPROVED,
        acting_user=acting_user,
        comment=comment.strip(),
        skip_permission_checks=skip_permission_checks,
    )
    _approved_plan_store(plan, acting_user=acting_user)
    return plan


APPROVED_PLAN_KIND = "annual-plan"


def _approved_plan_store(plan: AnnualPlan, *, acting_user: ActingUser) -> None:
    from django.core.files.base import ContentFile

    from tenants.plans.documents import plan_docx
    from tenants.plans.selectors import plan_items
    from tenants.registry.models import DocumentKind, DocumentVersion, VersionStatus
    from tenants.registry.services import document_version_create

    kind = DocumentKind.objects.filter(code=APPROVED_PLAN_KIND).first()
    if kind is None:
        raise ValidationError(
            _("В номенклатуре реестра документов нет вида «годовой план»: утвердить план нельзя, его некуда записать.")
        )
    municipality = current_municipality()
    content = plan_docx(
        plan=plan, items=list(plan_items(plan=plan)), municipality_name=municipality.name if municipality else ""
    )
    assert plan.approved_at is not None
    # A plan approved late, when a later year's plan is already in force, is kept as superseded
    # (the register never lets an earlier year replace a later one).
    later_in_force = DocumentVersion.objects.in_force().filter(kind=kind, academic_year__gt=plan.academic_year).exists()
    version = document_version_create(
        kind=kind,
        file=ContentFile(content, name=f"plan-{plan.year.label.replace('/', '-')}.docx"),
        status=VersionStatus.SUPERSEDED if later_in_force else VersionStatus.IN_FORCE,
        title=str(plan),
        academic_year=plan.academic_year,
        approved_on=timezone.localdate(plan.approved_at),
        acting_user=acting_user,
    )
    AnnualPlan.objects.filter(pk=plan.pk).update(approved_version=version)
    plan.approved_version = version


@transaction.atomic
def plan_return(
    *, plan: AnnualPlan, acting_user: ActingUser, comment: str, skip_permission_checks: bool = False
) -> AnnualPlan:
    """The chair returns the plan for rework, saying what to change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Укажите, что нужно доработать в плане.")}, code="comment_required")
    return _transition(
        plan=plan,
        to_status=PlanStatus.RETURNED,
        acting_user=acting_user,
        comment=comment.strip(),
        skip_permission_checks=skip_permission_checks,
    )


@transaction.atomic
def plan_start_execution(
    *, plan: AnnualPlan, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> AnnualPlan:
    return _transition(
        plan=plan,
        to_status=PlanStatus.IN_EXECUTION,
        acting_user=acting_user,
        comment=comment.strip(),
        skip_permission_checks=skip_permission_checks,
    )


@transaction.atomic
def plan_close(
    *, plan: AnnualPlan, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> AnnualPlan:
    """Close the year's plan; open corrections not applied by then are left unapplied."""
    return _transition(
        plan=plan,
        to_status=PlanStatus.CLOSED,
        acting_user=acting_user,
        comment=comment.strip(),
        skip_permission_checks=skip_permission_checks,
    )


# --- items -------------------------------------------------------------------------------------


def _item_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ValueError(f"not plan item fields: {sorted(unknown)}")
    return dict(fields)


def _next_number(plan: AnnualPlan) -> int:
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
    _require(
        acting_user, "plans.add_planitem", _("Нет права добавлять мероприятия в план."), skip=skip_permission_checks
    )
    locked = _locked(plan)
    if locked.is_editable_in_place:
        if correction is not None:
            raise ValidationError(_("План ещё не утверждён: мероприятие добавляется в него без коррекции."))
    elif locked.takes_corrections:
        if correction is None:
            raise ValidationError(
                _("План утверждён: добавить мероприятие можно только через коррекцию плана."), code="needs_correction"
            )
        correction = _correction_fresh(correction)
        _correction_open(correction, plan)
    else:
        raise ValidationError(
            _("В план со статусом «%(status)s» мероприятия не добавляются.")
            % {"status": PlanStatus(locked.status).label}
        )
    item = PlanItem(plan=plan, number=_next_number(plan), correction=correction, **_item_fields(fields))
    item.full_clean()
    audited_create(item, acting_user=acting_user)
    if correction is not None:
        PlanCorrectionEntry.objects.create(
            correction=correction, action=PlanCorrectionAction.ADD, item=item, reason=reason.strip()
        )
    _rollup(plan)
    return item


def _editable(item: PlanItem) -> None:
    plan = _locked(item.plan)
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
    _require(acting_user, EDIT_PERMISSION, _("Нет права менять мероприятия плана."), skip=skip_permission_checks)
    _editable(item)
    for name, value in _item_fields(data).items():
        setattr(item, name, value)
    item.full_clean()
    audited_update(item, acting_user=acting_user)
    _rollup(item.plan)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    """Remove an item from a draft or returned plan (after approval items are cancelled instead)."""
    _require(
        acting_user, "plans.delete_planitem", _("Нет права удалять мероприятия плана."), skip=skip_permission_checks
    )
    _editable(item)
    plan = item.plan
    audited_delete(item, acting_user=acting_user)
    _rollup(plan)


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
    _require(acting_user, EDIT_PERMISSION, _("Нет права отмечать выполнение плана."), skip=skip_permission_checks)
    plan = _locked(item.plan)
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
    _rollup(plan)
    return item


# --- corrections (001 §3.3) ---------------------------------------------------------------------


def _correction_fresh(correction: PlanCorrection) -> PlanCorrection:
    """The correction as it is in the database now (locked): the caller's copy may be stale."""
    return PlanCorrection.objects.select_for_update().get(pk=correction.pk)


def _correction_open(correction: PlanCorrection, plan: AnnualPlan) -> None:
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
    _require(
        acting_user, "plans.add_plancorrection", _("Нет права вносить коррекции плана."), skip=skip_permission_checks
    )
    locked = _locked(plan)
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


def _entry_item(correction: PlanCorrection, item: PlanItem) -> PlanItem:
    _correction_open(_correction_fresh(correction), item.plan)
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
    _require(
        acting_user, "plans.add_plancorrection", _("Нет права вносить коррекции плана."), skip=skip_permission_checks
    )
    _locked(correction.plan)
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
    _require(
        acting_user, "plans.add_plancorrection", _("Нет права вносить коррекции плана."), skip=skip_permission_checks
    )
    _locked(correction.plan)
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
    _require(
        acting_user, "plans.add_plancorrection", _("Нет права вносить коррекции плана."), skip=skip_permission_checks
    )
    _locked(entry.correction.plan)
    _correction_open(_correction_fresh(entry.correction), entry.correction.plan)
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
    plan = _locked(correction.plan)
    correction = PlanCorrection.objects.select_for_update().get(pk=correction.pk)
    _correction_open(correction, plan)
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
    _rollup(plan)
    return correction


# --- cyclogram and the next year ---------------------------------------------------------------


@transaction.atomic
def cyclogram_generate(
    *,
    plan: AnnualPlan,
    acting_user: ActingUser,
    duties: Iterable[CyclogramDuty] | None = None,
    skip_permission_checks: bool = False,
) -> list[PlanItem]:
    """Put the cyclogram's recurring duties into a draft plan, one item per duty and month (001 §3.2).

    Runs again without duplicates: a duty's month already in the plan is skipped.
    """
    _require(
        acting_user, "plans.add_planitem", _("Нет права добавлять мероприятия в план."), skip=skip_permission_checks
    )
    locked = _locked(plan)
    if not locked.is_editable_in_place:
        raise ValidationError(_("Циклограмма переносится в черновик плана или в план, возвращённый на доработку."))
    chosen = list(duties) if duties is not None else list(CyclogramDuty.objects.filter(is_active=True))
    taken = set(
        PlanItem.objects.filter(plan=plan, cyclogram_duty__isnull=False).values_list("cyclogram_duty_id", "month")
    )
    number = _next_number(plan)
    created: list[PlanItem] = []
    for duty in chosen:
        for month in duty.months:
            if (duty.pk, month) in taken:
                continue
            created.append(
                PlanItem(
                    plan=plan,
                    number=number,
                    direction_id=duty.direction_id,
                    form=duty.form,
                    topic=duty.title,
                    audience=duty.audience,
                    month=month,
                    responsible_id=duty.responsible_id,
                    expected_result=duty.expected_result,
                    cyclogram_duty=duty,
                )
            )
            number += 1
    PlanItem.objects.bulk_create(created)
    audit_record_municipal(
        action="plan.cyclogram_generate",
        acting_user=acting_user,
        target=f"annualplan#{plan.pk}: {plan}",
        data={"id": plan.pk, "created": len(created)},
    )
    _rollup(plan)
    return created


def _shifted(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_copy_to_next_year(
    *, plan: AnnualPlan, acting_user: ActingUser, skip_permission_checks: bool = False
) -> AnnualPlan:
    """Start next year's plan as a copy of this one: dates a year later, every item planned again.

    Items in effect are copied (cancelled ones are not: they were dropped from this year's
    plan); results, participants and links to the unified calendar's events are left behind.
    """
    new_plan = plan_create(
        academic_year=plan.year.next(),
        acting_user=acting_user,
        note=plan.note,
        skip_permission_checks=skip_permission_checks,
    )
    copies = [
        PlanItem(
            plan=new_plan,
            number=n,
            direction_id=i.direction_id,
            form=i.form,
            topic=i.topic,
            audience=i.audience,
            month=i.month,
            date_start=_shifted(i.date_start),
            date_end=_shifted(i.date_end),
            responsible_id=i.responsible_id,
            responsible_user_id=i.responsible_user_id,
            responsible_text=i.responsible_text,
            organisation_id=i.organisation_id,
            body_id=i.body_id,
            expected_result=i.expected_result,
            cyclogram_duty_id=i.cyclogram_duty_id,
        )
        for n, i in enumerate(
            PlanItem.objects.filter(plan=plan)
            .in_effect()
            .exclude(status=ItemStatus.CANCELLED)
            .order_by("number", "pk"),
            start=1,
        )
    ]
    PlanItem.objects.bulk_create(copies)
    audit_record_municipal(
        action="plan.copy",
        acting_user=acting_user,
        target=f"annualplan#{new_plan.pk}: {new_plan}",
        data={"id": new_plan.pk, "from": plan.pk, "items": len(copies)},
    )
    _rollup(new_plan)
    return new_plan


# --- reports (000 §3.6, 001 §3.4) ----------------------------------------------------------------


def report_period(plan: AnnualPlan, kind: str, day: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """The period a report covers: the whole year, or the month or quarter of ``day``."""
    if kind == ReportKind.ANNUAL:
        return plan.year.first_day, plan.year.last_day
    if day is None:
        raise ValidationError({"period_start": _("Укажите месяц или квартал отчёта.")})
    months = 1 if kind == ReportKind.MONTH else 3
    start = day.replace(day=1) if kind == ReportKind.MONTH else datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    index = start.year * 12 + start.month - 1 + months
    end = datetime.date(index // 12, index % 12 + 1, 1) - datetime.timedelta(days=1)
    if not plan.year.contains(start) and not plan.year.contains(end):
        raise ValidationError({"period_start": _("Период отчёта вне учебного года плана.")})
    return start, end


@transaction.atomic
def plan_report_request(
    *,
    plan: AnnualPlan,
    kind: str,
    acting_user: ActingUser,
    period_day: datetime.date | None = None,
    conclusion: str = "",
    skip_permission_checks: bool = False,
) -> PlanReport:
    """Order the yearly analysis or an operational report; a Celery task builds it after commit.

    ``conclusion`` is the report's own «Выводы» (001 §3.4: operational reports for a month or
    a quarter). The yearly analysis without one takes the head's conclusion on the plan
    (000 §3.6) as it stands now: a stored report does not change when the plan's text does.
    """
    from tenants.plans.tasks import plan_report_build_task

    _require(
        acting_user, "plans.add_planreport", _("Нет права формировать отчёты по плану."), skip=skip_permission_checks
    )
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Выберите вид отчёта.")})
    if plan.status == PlanStatus.DRAFT or plan.status == PlanStatus.SUBMITTED or plan.status == PlanStatus.RETURNED:
        raise ValidationError(_("Отчёт о выполнении формируется по утверждённому плану."))
    start, end = report_period(plan, kind, period_day)
    conclusion = conclusion.strip()
    if not conclusion and kind == ReportKind.ANNUAL:
        conclusion = plan.conclusion
    report = PlanReport.objects.create(
        plan=plan,
        kind=kind,
        period_start=start,
        period_end=end,
        conclusion=conclusion,
        requested_by=signed_in_user(acting_user),
    )
    municipality = current_municipality()
    assert municipality is not None
    audit_record_municipal(
        action="plan.report_request",
        acting_user=acting_user,
        target=f"planreport#{report.pk}: {report}",
        data={"id": report.pk, "plan": plan.pk, "kind": kind},
    )
    task_send_on_commit(
        plan_report_build_task,
        schema_name=municipality.schema_name,
        municipality_id=municipality.pk,
        report_id=report.pk,
    )
    return report


def plan_report_progress(*, report_id: int, progress: int, state: str = ReportState.RUNNING) -> None:
    """Record how far the build got; committed at once so the admin's poll sees it."""
    PlanReport.objects.filter(pk=report_id).update(progress=progress, state=state)


def _stored_files_discard(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def plan_report_build(*, report_id: int) -> PlanReport:
    """Build a report's DOCX and PDF and store the PDF in the document register (the task's body).

    Runs outside one long transaction on purpose: progress is committed as it goes; the files,
    the register version and the final state are written together at the end, under the
    report's row lock. Whatever fails, nothing is left half-stored: the transaction rolls the
    rows back, the files written before the failure are deleted, and the report ends in
    «ошибка» with a message for the person who ordered it. A task delivered twice (the queue
    acknowledges late) finds the report done and builds nothing again.
    """
    from django.core.files.base import ContentFile

    from tenants.plans.documents import report_docx, report_pdf
    from tenants.plans.selectors import plan_summary
    from tenants.registry.models import DocumentKind
    from tenants.registry.services import document_version_create

    report = PlanReport.objects.select_related("plan", "requested_by").get(pk=report_id)
    if report.state == ReportState.DONE:
        return report
    plan_report_progress(report_id=report.pk, progress=10)
    stored: list[str] = []
    try:
        summary = plan_summary(plan=report.plan, start=report.period_start, end=report.period_end)
        plan_report_progress(report_id=report.pk, progress=40)
        docx = report_docx(report=report, summary=summary)
        plan_report_progress(report_id=report.pk, progress=60)
        pdf = report_pdf(report=report, summary=summary)
        plan_report_progress(report_id=report.pk, progress=90)
        code = "annual-plan-analysis" if report.kind == ReportKind.ANNUAL else "plan-operational-report"
        base = f"plan-{report.plan.year.label.replace('/', '-')}-{report.kind}-{report.period_start:%Y%m}"
        with transaction.atomic():
            locked = PlanReport.objects.select_for_update().filter(pk=report.pk).values_list("state", flat=True)
            if locked.first() == ReportState.DONE:
                return PlanReport.objects.get(pk=report.pk)
            report.docx_file.save(f"{base}.docx", ContentFile(docx), save=False)
            stored.append(report.docx_file.name)
            report.pdf_file.save(f"{base}.pdf", ContentFile(pdf), save=False)
            stored.append(report.pdf_file.name)
            # The register's version last: its own file goes with its row if it fails.
            version = document_version_create(
                kind=DocumentKind.objects.get(code=code),
                file=ContentFile(pdf, name=f"{base}.pdf"),
                title=str(report),
                academic_year=report.plan.academic_year,
                acting_user=report.requested_by,
            )
            report.document_version = version
            report.state, report.progress, report.finished_at = ReportState.DONE, 100, timezone.now()
            report.error = ""
            report.save()
            audit_record_municipal(
                action="plan.report_build",
                acting_user=report.requested_by,
                target=f"planreport#{report.pk}: {report}",
                data={"id": report.pk, "version": version.pk},
            )
    except Exception as error:
        _stored_files_discard(stored)
        if isinstance(error, ValidationError):
            message = _("Отчёт не сформирован: %(reason)s") % {"reason": " ".join(error.messages)}
        else:
            logger.exception("plan report %s failed", report.pk)
            message = _(
                "Отчёт не сформирован из-за технической ошибки (%(error)s). Попробуйте ещё раз; если ошибка "
                "повторится, сообщите администратору платформы."
            ) % {"error": type(error).__name__}
        PlanReport.objects.filter(pk=report.pk).update(
            state=ReportState.FAILED, error=message, docx_file="", pdf_file="", finished_at=timezone.now()
        )
        raise
    return report
