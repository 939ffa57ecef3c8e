"""Writes of the annual plan itself and its workflow: create, change, delete, submit, approve,
return, execute, close; and the guards every write of the plan shares (the permission, the plan's
row lock, the roll-up).

Who may do what follows the regulations: the head of the service submits the plan, only the
chair of the education committee approves it or returns it (000 §3.2, 001 §3.2); after approval
the plan changes only by corrections (001 §3.3).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser, Role, signed_in_user
from audit.services import audit_record_municipal
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.municipalities.selectors import current_municipality
from tenants.plans.models import (
    AnnualPlan,
    PlanItem,
    PlanTransition,
)
from tenants.plans.rollups import plan_rollup_write
from tenants.plans.selectors import TRANSITIONS, user_holds_role

TRANSITION_LOG_ACTION = "plans.transition"


def permission_require(acting_user: ActingUser, permission: str, message: str, *, skip: bool) -> None:
    if not skip and (acting_user is None or not acting_user.has_perm(permission)):
        raise PermissionDenied(message)


def plan_rollup(plan: AnnualPlan) -> None:
    plan_rollup_write(plan_id=plan.pk, academic_year=plan.academic_year)


def plan_lock(plan: AnnualPlan) -> AnnualPlan:
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
    permission_require(
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
    plan_rollup(plan)
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
    permission_require(acting_user, "plans.change_annualplan", _("Нет права менять план."), skip=skip_permission_checks)
    if note is not None:
        plan.note = note
    if conclusion is not None:
        plan.conclusion = conclusion
    audited_update(plan, acting_user=acting_user)
    return plan


@transaction.atomic
def plan_delete(*, plan: AnnualPlan, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    """Delete a plan that was never submitted; an approved plan is a document and stays."""
    permission_require(
        acting_user, "plans.delete_annualplan", _("Нет права удалять план."), skip=skip_permission_checks
    )
    locked = plan_lock(plan)
    if locked.status != PlanStatus.DRAFT or locked.transitions.exists():
        raise ValidationError(_("Удалить можно только черновик плана, который ни разу не направлялся на утверждение."))
    plan_id, year = plan.pk, plan.academic_year
    audited_delete(plan, acting_user=acting_user)
    plan_rollup_write(plan_id=plan_id, academic_year=year)


def _transition(
    *, plan: AnnualPlan, to_status: str, acting_user: ActingUser, comment: str, skip_permission_checks: bool
) -> AnnualPlan:
    sources, role, _permission = TRANSITIONS[to_status]
    locked = plan_lock(plan)
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
    plan_rollup(plan)
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
