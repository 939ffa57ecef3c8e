"""The year's analysis goes from the head to the committee chair, who accepts it or returns it
with a comment; the region's roll-up follows each step (and its rebuild agrees); the institute
sees who has submitted and opens an accepted analysis only, each opening logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from institute.models import AccessLogEntry
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.plans.models import PlanReport, ReportKind, ReportSubmission
from tenants.plans.services import (
    plan_report_accept,
    plan_report_build,
    plan_report_request,
    plan_report_return,
    plan_report_submit,
)
from tests.tenants.plans.conftest import YEAR, approved_plan


def _built(plan, head, kind=ReportKind.ANNUAL, **fields) -> PlanReport:
    report = plan_report_request(plan=plan, kind=kind, acting_user=head, **fields)
    plan_report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


def _rollup(municipality) -> tuple[str, int | None]:
    row = MunicipalityYearRollup.objects.get(municipality=municipality, academic_year=YEAR.label)
    return row.annual_report_status, row.annual_report_id


@pytest.fixture
def built(muni_a, head_a, django_capture_on_commit_callbacks):
    with tenant_context(muni_a), django_capture_on_commit_callbacks(execute=False):
        plan = approved_plan()
        return plan, _built(plan, head_a)


def test_submitted_returned_resubmitted_and_accepted(
    muni_a, head_a, chair_a, built, django_capture_on_commit_callbacks
):
    plan, report = built
    with tenant_context(muni_a):
        plan_report_submit(report=report, acting_user=head_a)
        assert _rollup(muni_a) == (ReportSubmission.SUBMITTED, report.pk)
        with pytest.raises(ValidationError, match="что доработать"):
            plan_report_return(report=report, comment="  ", acting_user=chair_a)
        returned = plan_report_return(report=report, comment="Добавьте анализ по наставничеству.", acting_user=chair_a)
        assert returned.submission == ReportSubmission.RETURNED and returned.decided_by == chair_a
        assert _rollup(muni_a) == (ReportSubmission.RETURNED, report.pk)
        with pytest.raises(ValidationError, match="уже направлялся"):
            plan_report_submit(report=report, acting_user=head_a)
        with django_capture_on_commit_callbacks(execute=False):
            second, third = _built(plan, head_a), _built(plan, head_a)
        plan_report_submit(report=second, acting_user=head_a)
        with pytest.raises(ValidationError, match="уже у председателя"):
            plan_report_submit(report=third, acting_user=head_a)
        plan_report_accept(report=second, acting_user=chair_a)
        assert _rollup(muni_a) == (ReportSubmission.ACCEPTED, second.pk)
    actions = list(AuditEntry.objects.filter(action__startswith="plan.report_").values_list("action", flat=True))
    assert actions.count("plan.report_submit") == 2
    assert "plan.report_return" in actions and "plan.report_accept" in actions

    # The rebuild from the schemas says the same.
    MunicipalityYearRollup.objects.filter(municipality=muni_a).update(annual_report_status="", annual_report_id=None)
    rollups_rebuild(names=["plan_reports"])
    assert _rollup(muni_a) == (ReportSubmission.ACCEPTED, second.pk)


def test_who_may_do_what(muni_a, head_a, chair_a, make_user, built, django_capture_on_commit_callbacks):
    plan, report = built
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        with pytest.raises(PermissionDenied):
            plan_report_submit(report=report, acting_user=methodologist)
        with pytest.raises(PermissionDenied):
            plan_report_submit(report=report, acting_user=chair_a)
        with django_capture_on_commit_callbacks(execute=False):
            monthly = _built(plan, head_a, kind=ReportKind.MONTH, period_day=YEAR.first_day)
        with pytest.raises(ValidationError, match="годового плана"):
            plan_report_submit(report=monthly, acting_user=head_a)
        plan_report_submit(report=report, acting_user=head_a)
        with pytest.raises(PermissionDenied):
            plan_report_accept(report=report, acting_user=head_a)
        plan_report_accept(report=report, acting_user=chair_a)
        with pytest.raises(ValidationError, match="направленному"):
            plan_report_return(report=report, comment="Поздно.", acting_user=chair_a)


def test_the_screens_of_the_head_the_chair_and_another_municipality(
    muni_a, head_a, chair_a, chair_b, host_client, built
):
    plan, report = built
    head = host_client(muni_a, head_a)
    screen = head.get(f"/admin/plan/{plan.pk}/").content.decode()
    assert "Направить председателю" in screen and "Принять" not in screen
    assert head.post(f"/admin/plan/{plan.pk}/do/report_submit/", {"report": report.pk}).status_code == 302
    chair = host_client(muni_a, chair_a)
    assert "Вернуть на доработку" in chair.get(f"/admin/plan/{plan.pk}/").content.decode()
    # Another municipality's chair changes nothing here.
    response = host_client(muni_a, chair_b).post(f"/admin/plan/{plan.pk}/do/report_accept/", {"report": report.pk})
    assert response.status_code in (302, 403, 404)
    with tenant_context(muni_a):
        assert PlanReport.objects.get(pk=report.pk).submission == ReportSubmission.SUBMITTED
    assert chair.post(f"/admin/plan/{plan.pk}/do/report_accept/", {"report": report.pk}).status_code == 302
    with tenant_context(muni_a):
        assert PlanReport.objects.get(pk=report.pk).submission == ReportSubmission.ACCEPTED


def test_the_institute_sees_who_submitted_and_opens_the_accepted_only(
    muni_a, muni_b, head_a, chair_a, make_user, host_client, built
):
    _plan, report = built
    institute_user, committee_user = make_user(Role.INSTITUTE, None), make_user(Role.COMMITTEE, None)
    institute = host_client(None, institute_user)
    pdf_url = f"/institute/m/{muni_a.slug}/report.pdf?year={YEAR.start}"
    with tenant_context(muni_a):
        plan_report_submit(report=report, acting_user=head_a)
    listing = institute.get(f"/institute/reports/?year={YEAR.start}").content.decode()
    row = listing[listing.index(muni_a.name) :]
    assert "направлен председателю комитета" in row[: row.index("</tr>")]
    assert institute.get(pdf_url).status_code == 404
    with tenant_context(muni_a):
        plan_report_accept(report=report, acting_user=chair_a)
    response = institute.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AccessLogEntry.objects.get(user=institute_user)
    assert entry.municipality == muni_a and entry.section == "annual_report"
    assert institute.get(f"/institute/m/{muni_b.slug}/report.pdf?year={YEAR.start}").status_code == 404
    assert host_client(None, committee_user).get(pdf_url).status_code == 200
    assert host_client(None, make_user(Role.HEAD, muni_a)).get(pdf_url).status_code == 403
    assert host_client(muni_a, institute_user).get(pdf_url).status_code == 404  # the region's URL only
