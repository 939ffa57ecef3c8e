"""Reports on the plan (000 §3.6, 001 §3.4): the yearly analysis and the operational reports,
ordered here and built by a Celery task into a DOCX and a PDF stored in the document register.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from rollups.models import PlanStatus
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.selectors import current_municipality
from tenants.plans.models import (
    AnnualPlan,
    PlanReport,
    PlanSectionText,
    ReportKind,
    ReportState,
)
from tenants.plans.report_registry import report_section_titles
from tenants.plans.services.workflow import permission_require

logger = logging.getLogger(__name__)


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

    permission_require(
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


def plan_report_interrupted(schema_name: str, kwargs: dict[str, Any]) -> None:
    """The worker building a report died and its task was re-queued: the poll says so.

    Only a report still being built is marked; the re-run sets it back to «формируется».
    """
    from django_tenants.utils import schema_context

    with schema_context(schema_name):
        PlanReport.objects.filter(
            pk=int(kwargs.get("report_id") or 0), state__in=[ReportState.QUEUED, ReportState.RUNNING]
        ).update(state=ReportState.INTERRUPTED)


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


SECTION_TEXT_MAX_LENGTH = 20_000


@transaction.atomic
def plan_section_texts_save(
    *, plan: AnnualPlan, texts: Mapping[str, str], acting_user: ActingUser, skip_permission_checks: bool = False
) -> list[str]:
    """Save the methodologist's texts of the year's analysis, section by section.

    Only the report's known sections are kept; an emptied text is removed. Returns the keys
    changed (one audit row names them all).
    """
    permission_require(
        acting_user, "plans.add_planreport", _("Нет права писать анализ выполнения плана."), skip=skip_permission_checks
    )
    known = {key for key, _title in report_section_titles()}
    stored = {row.section: row for row in PlanSectionText.objects.select_for_update().filter(plan=plan)}
    changed: list[str] = []
    for key, raw in texts.items():
        if key not in known:
            continue
        text = raw.strip()
        if len(text) > SECTION_TEXT_MAX_LENGTH:
            raise ValidationError(_("Текст раздела длиннее %(limit)d знаков.") % {"limit": SECTION_TEXT_MAX_LENGTH})
        row = stored.get(key)
        if row is None and text:
            PlanSectionText.objects.create(plan=plan, section=key, text=text, updated_by=signed_in_user(acting_user))
        elif row is not None and not text:
            row.delete()
        elif row is not None and row.text != text:
            row.text, row.updated_by = text, signed_in_user(acting_user)
            row.save(update_fields=["text", "updated_by", "updated_at"])
        else:
            continue
        changed.append(key)
    if changed:
        audit_record_municipal(
            action="plan.section_texts_update",
            acting_user=acting_user,
            target=plan,
            data={"plan_id": plan.pk, "sections": changed},
        )
    return changed
