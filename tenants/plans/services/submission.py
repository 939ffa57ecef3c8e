"""The year's analysis handed to the committee chair.

The head of service submits a built yearly analysis; the committee chair accepts it or returns
it with a comment (000 §3.6, 001 §3.4). A returned report stays as it was: the head builds a
new one and submits that. One report per plan is on its way or accepted at a time. The state
and the report's id go to the municipality's year roll-up in the same transaction, so the
institute sees who has submitted and opens the accepted ones (``tenants.plans.rollups.
plan_reports_rollup_rebuild`` recomputes them from the schemas).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.municipalities.selectors import current_municipality
from tenants.plans.models import PlanReport, ReportKind, ReportState, ReportSubmission
from tenants.plans.services.workflow import permission_require

COMMENT_MAX_LENGTH = 4000


def _locked(report: PlanReport) -> PlanReport:
    return PlanReport.objects.select_for_update().select_related("plan").get(pk=report.pk)


def _rollup(report: PlanReport) -> None:
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("a report is submitted in a municipality's schema")
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=AcademicYear(report.plan.academic_year).label,
        annual_report_status=report.submission,
        annual_report_id=report.pk,
    )


def _audit(report: PlanReport, action: str, acting_user: ActingUser, **data: object) -> None:
    audit_record_municipal(
        action=f"plan.report_{action}",
        acting_user=acting_user,
        target=report,
        data={"report_id": report.pk, "plan_id": report.plan_id, **data},
    )


@transaction.atomic
def plan_report_submit(
    *, report: PlanReport, acting_user: ActingUser, skip_permission_checks: bool = False
) -> PlanReport:
    """The head sends the built yearly analysis to the committee chair."""
    permission_require(
        acting_user,
        "plans.submit_annualplan",
        _("Направлять анализ председателю может руководитель службы."),
        skip=skip_permission_checks,
    )
    locked = _locked(report)
    if locked.kind != ReportKind.ANNUAL or locked.state != ReportState.DONE:
        raise ValidationError(_("Председателю направляется готовый анализ выполнения годового плана."))
    if locked.submission:
        raise ValidationError(_("Этот отчёт уже направлялся. Сформируйте новый анализ и направьте его."))
    pending = PlanReport.objects.filter(
        plan=locked.plan, submission__in=[ReportSubmission.SUBMITTED, ReportSubmission.ACCEPTED]
    )
    if pending.exists():
        raise ValidationError(_("Анализ за этот год уже у председателя или принят."))
    locked.submission = ReportSubmission.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), signed_in_user(acting_user)
    locked.decided_at, locked.decided_by, locked.decision_comment = None, None, ""
    locked.save(
        update_fields=["submission", "submitted_at", "submitted_by", "decided_at", "decided_by", "decision_comment"]
    )
    _audit(locked, "submit", acting_user)
    _rollup(locked)
    return locked


def _decide(
    report: PlanReport, decision: str, acting_user: ActingUser, comment: str, skip_permission_checks: bool
) -> PlanReport:
    permission_require(
        acting_user,
        "plans.approve_annualplan",
        _("Принимать анализ и возвращать его может председатель комитета."),
        skip=skip_permission_checks,
    )
    locked = _locked(report)
    if locked.submission != ReportSubmission.SUBMITTED:
        raise ValidationError(_("Решение принимается по направленному отчёту."))
    comment = comment.strip()
    if decision == ReportSubmission.RETURNED and not comment:
        raise ValidationError({"comment": _("Напишите, что доработать.")})
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": _("Комментарий длиннее %(n)d знаков.") % {"n": COMMENT_MAX_LENGTH}})
    locked.submission = decision
    locked.decided_at, locked.decided_by, locked.decision_comment = timezone.now(), signed_in_user(acting_user), comment
    locked.save(update_fields=["submission", "decided_at", "decided_by", "decision_comment"])
    _audit(locked, "accept" if decision == ReportSubmission.ACCEPTED else "return", acting_user)
    _rollup(locked)
    return locked


@transaction.atomic
def plan_report_accept(
    *, report: PlanReport, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> PlanReport:
    """The committee chair accepts the submitted analysis."""
    return _decide(report, ReportSubmission.ACCEPTED, acting_user, comment, skip_permission_checks)


@transaction.atomic
def plan_report_return(
    *, report: PlanReport, acting_user: ActingUser, comment: str, skip_permission_checks: bool = False
) -> PlanReport:
    """The committee chair returns the submitted analysis with what to improve."""
    return _decide(report, ReportSubmission.RETURNED, acting_user, comment, skip_permission_checks)
