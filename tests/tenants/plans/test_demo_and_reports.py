"""The demo plan, and the analysis built by its Celery task into the document register."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from rollups.models import MunicipalityYearRollup, PlanStatus
from tenants.plans.demo import YEAR, demo_seed
from tenants.plans.models import AnnualPlan, ItemStatus, PlanCorrection, PlanItem, PlanReport, ReportKind, ReportState
from tenants.plans.selectors import plan_items_as_of
from tenants.plans.services import plan_report_build, plan_report_request
from tenants.registry.models import DocumentVersion
from tests.tenants.plans.conftest import approved_plan, draft_plan


def test_demo_plan_is_approved_corrected_partly_done_and_idempotent(muni_a):
    with tenant_context(muni_a):
        demo_seed(muni_a)
        demo_seed(muni_a)
        plan = AnnualPlan.objects.get(academic_year=YEAR.start)
        assert plan.status == PlanStatus.IN_EXECUTION and plan.transitions.count() == 3
        assert PlanCorrection.objects.filter(plan=plan, applied_at__isnull=False).count() == 1
        statuses = set(PlanItem.objects.filter(plan=plan).values_list("status", flat=True))
        assert ItemStatus.DONE in statuses
        assert (
            PlanItem.objects.filter(plan=plan, status=ItemStatus.DONE).count()
            < PlanItem.objects.filter(plan=plan).count()
        )
        # Before the October correction the moved item was still in the autumn.
        before = {r.item.topic: r for r in plan_items_as_of(plan=plan, on=datetime.date(2025, 9, 15))}
        moved = PlanItem.objects.get(plan=plan, correction_entries__action="move")
        assert before[moved.topic].month in (10, 11) and moved.month == 12
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=YEAR.label)
    assert row.plan_status == PlanStatus.IN_EXECUTION and row.plan_items_done > 0 and row.plan_corrections == 1


def test_the_analysis_is_built_after_commit_and_stored_in_the_register(
    muni_a, head_a, django_capture_on_commit_callbacks
):
    from docx import Document
    from pypdf import PdfReader

    with tenant_context(muni_a):
        demo_seed(muni_a)
        plan = AnnualPlan.objects.get(academic_year=YEAR.start)
        plan.conclusion = "Выводы: план выполнен в основном."
        plan.save()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = plan_report_request(plan=plan, kind=ReportKind.ANNUAL, acting_user=head_a)
        sent = [c for c in callbacks if "task_send_on_commit" in c.__qualname__]
        assert len(sent) == 1 and report.state == ReportState.QUEUED
        # What the worker runs (the task's body), here in the test's transaction.
        plan_report_build(report_id=report.pk)
        report = PlanReport.objects.get(pk=report.pk)
        assert report.state == ReportState.DONE and report.progress == 100
        version = DocumentVersion.objects.get(pk=report.document_version_id)
        assert version.kind.code == "annual-plan-analysis" and version.file_format == "pdf"
        assert version.academic_year == 2025
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf_file.read())).pages)
        assert "Аналитическая" in text and "Итого" in text and "Выводы: план выполнен" in text
        docx = Document(io.BytesIO(report.docx_file.read()))
        rows = [[c.text for c in r.cells] for r in docx.tables[0].rows]
        assert rows[0][0] == "Направление" and len(rows) == 1 + 4


def test_a_monthly_operational_report_and_a_draft_refuses_reports(muni_a, head_a, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        draft = draft_plan(year=YEAR.next())
        with pytest.raises(ValidationError, match="утверждённому плану"):
            plan_report_request(plan=draft, kind=ReportKind.ANNUAL, acting_user=head_a)
        demo_seed(muni_a)
        plan = AnnualPlan.objects.get(academic_year=YEAR.start)
        with django_capture_on_commit_callbacks(execute=False):
            report = plan_report_request(
                plan=plan, kind=ReportKind.MONTH, period_day=datetime.date(2025, 10, 17), acting_user=head_a
            )
        assert (report.period_start, report.period_end) == (datetime.date(2025, 10, 1), datetime.date(2025, 10, 31))
        plan_report_build(report_id=report.pk)
        report.refresh_from_db()
        assert report.document_version.kind.code == "plan-operational-report"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_conclusion(data: bytes) -> list[str]:
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    return paragraphs[paragraphs.index("Выводы") + 1 :]


def test_an_operational_report_keeps_its_own_conclusion_in_docx_and_pdf(muni_a, head_a, host_client):
    with tenant_context(muni_a):
        plan = approved_plan()
        AnnualPlan.objects.filter(pk=plan.pk).update(conclusion="Годовые выводы руководителя.")
    # Ordered from the plan screen's form, which asks for the report's conclusion.
    response = host_client(muni_a, head_a).post(
        f"/admin/plan/{plan.pk}/do/report/",
        {
            "kind": ReportKind.MONTH,
            "period_day": "2025-10-17",
            "conclusion": "Октябрь: семинары проведены.\nИтоги в срок.",
        },
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        report = PlanReport.objects.get(plan=plan)
        assert report.conclusion == "Октябрь: семинары проведены.\nИтоги в срок."
        plan_report_build(report_id=report.pk)
        report.refresh_from_db()
        assert _docx_conclusion(report.docx_file.read()) == ["Октябрь: семинары проведены.", "Итоги в срок."]
        pdf = _pdf_text(report.pdf_file.read())
        assert "Октябрь: семинары проведены." in pdf and "Годовые выводы" not in pdf
        # The register's copy is the same PDF.
        assert "Октябрь: семинары проведены." in _pdf_text(report.document_version.file.read())


def test_the_yearly_analysis_takes_the_heads_conclusion_unless_given_its_own(
    muni_a, head_a, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        plan = approved_plan()
        AnnualPlan.objects.filter(pk=plan.pk).update(conclusion="Годовые выводы руководителя.")
        plan.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=False):
            yearly = plan_report_request(plan=plan, kind=ReportKind.ANNUAL, acting_user=head_a)
            quarter = plan_report_request(
                plan=plan, kind=ReportKind.QUARTER, period_day=datetime.date(2025, 11, 2), acting_user=head_a
            )
            with pytest.raises(ValidationError, match="вид отчёта"):
                plan_report_request(plan=plan, kind="weekly", acting_user=head_a)
        assert yearly.conclusion == "Годовые выводы руководителя." and quarter.conclusion == ""
        # Later edits of the plan's conclusion do not rewrite an ordered report.
        AnnualPlan.objects.filter(pk=plan.pk).update(conclusion="Переписано.")
        plan_report_build(report_id=yearly.pk)
        plan_report_build(report_id=quarter.pk)
        yearly.refresh_from_db()
        quarter.refresh_from_db()
        assert _docx_conclusion(yearly.docx_file.read()) == ["Годовые выводы руководителя."]
        assert _docx_conclusion(quarter.docx_file.read()) == ["Выводы не внесены."]
        assert "Выводы не внесены." in _pdf_text(quarter.pdf_file.read())
