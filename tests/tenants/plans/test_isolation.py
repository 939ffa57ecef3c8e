"""Every admin URL of the plans app, tried by a methodologist of B and by a region observer.

A methodologist of B gets nothing of A's plan: on B's host A's ids are not found, and A's host
does not let them into the admin at all. An institute employee (region role, observing every
municipality) reads A's plan, its exports and reports, but changes nothing: observers hold only
the ``view_*`` permissions of the plans app (``accounts.role_permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from rollups.models import PlanStatus
from tenants.plans.models import AnnualPlan, PlanCorrection, PlanItem, PlanReport, ReportKind
from tenants.plans.services import plan_correction_create, plan_report_build, plan_report_request
from tests.tenants.plans.conftest import approved_plan, draft_plan


@dataclass
class APlan:
    approved: AnnualPlan
    draft: AnnualPlan
    item: PlanItem
    draft_item: PlanItem
    correction: PlanCorrection
    report: PlanReport


@pytest.fixture
def a_plan(muni_a, head_a, django_capture_on_commit_callbacks) -> APlan:
    import datetime

    from tenants.academic_years import AcademicYear

    with tenant_context(muni_a):
        plan = approved_plan(items=2)
        draft = draft_plan(items=1, year=AcademicYear(2026))
        correction = plan_correction_create(
            plan=plan, kind="month", period_start=datetime.date(2025, 11, 1), reason="Приказ", acting_user=head_a
        )
        with django_capture_on_commit_callbacks(execute=False):
            report = plan_report_request(plan=plan, kind=ReportKind.ANNUAL, acting_user=head_a)
        plan_report_build(report_id=report.pk)
        item = PlanItem.objects.filter(plan=plan).first()
        assert item is not None
        draft_item = PlanItem.objects.get(plan=draft)
        return APlan(plan, draft, item, draft_item, correction, PlanReport.objects.get(pk=report.pk))


def read_urls(a: APlan) -> list[str]:
    p, r = a.approved.pk, a.report.pk
    return [
        "/admin/plans/",
        f"/admin/plan/{p}/",
        f"/admin/plan/{p}/as-of/?on=2025-12-01",
        f"/admin/plan/{p}/export/docx/",
        f"/admin/plan/{p}/export/xlsx/",
        f"/admin/plan/{p}/corrections/",
        f"/admin/plan/{p}/import/template/",
        f"/admin/plan/{p}/report/{r}/",
        f"/admin/plan/{p}/report/{r}/docx/",
        f"/admin/plan/{p}/report/{r}/pdf/",
    ]


def write_gets(a: APlan) -> list[str]:
    p, d = a.approved.pk, a.draft.pk
    return [
        "/admin/plans/new/",
        f"/admin/plans/edit/{p}/",
        f"/admin/plans/delete/{d}/",
        f"/admin/plan/{d}/import/",
        f"/admin/plan/{d}/item/new/",
        f"/admin/plan/{d}/item/{a.draft_item.pk}/",
        f"/admin/plan/{p}/item/{a.item.pk}/done/",
        f"/admin/plan/{p}/corrections/{a.correction.pk}/item/new/",
        f"/admin/plan/{p}/status/in_execution/",
        f"/admin/plan/{d}/status/submitted/",
    ]


def write_posts(a: APlan) -> list[tuple[str, dict[str, str]]]:
    p, d = a.approved.pk, a.draft.pk
    return [
        ("/admin/plans/new/", {"academic_year": "2027"}),
        (f"/admin/plans/edit/{p}/", {"note": "Изменено"}),
        (f"/admin/plans/delete/{d}/", {}),
        (f"/admin/plan/{p}/status/in_execution/", {"comment": ""}),
        (f"/admin/plan/{d}/status/submitted/", {"comment": ""}),
        (f"/admin/plan/{d}/item/new/", {"direction": "1", "form": "seminar", "topic": "Чужое", "month": "10"}),
        (f"/admin/plan/{p}/item/{a.item.pk}/done/", {"participants": "5", "actual_result": "Чужое"}),
        (
            f"/admin/plan/{p}/corrections/",
            {"op": "create", "kind": "month", "period_start": "2025-12-01", "reason": "x"},
        ),
        (f"/admin/plan/{p}/corrections/", {"op": "apply", "correction": str(a.correction.pk)}),
        (f"/admin/plan/{p}/do/conclusion/", {"conclusion": "Чужие выводы"}),
        (f"/admin/plan/{p}/do/report/", {"kind": "annual"}),
        (f"/admin/plan/{d}/do/cyclogram/", {}),
        (f"/admin/plan/{p}/do/copy/", {}),
        (f"/admin/plan/{d}/import/", {}),
    ]


REFUSAL_REDIRECTS = ("/admin/", "/admin/login/", "/accounts/login/")


def refused(response) -> bool:
    """Wagtail answers a refused admin request with 403 or a redirect to the dashboard or login."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"].split("?")[0] in REFUSAL_REDIRECTS


def assert_nothing_changed(muni_a, a: APlan) -> None:
    with tenant_context(muni_a):
        plan = AnnualPlan.objects.get(pk=a.approved.pk)
        assert plan.status == PlanStatus.APPROVED and plan.note == "" and plan.conclusion == ""
        assert AnnualPlan.objects.count() == 2 and AnnualPlan.objects.get(pk=a.draft.pk).status == PlanStatus.DRAFT
        assert PlanItem.objects.count() == 3 and PlanItem.objects.get(pk=a.item.pk).participants is None
        assert PlanCorrection.objects.count() == 1 and PlanCorrection.objects.get().applied_at is None
        assert PlanReport.objects.count() == 1


def test_a_methodologist_of_b_reaches_no_plan_of_a_on_either_host(muni_a, muni_b, a_plan, make_user, host_client):
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_b = host_client(muni_b, methodologist_b)
    assert on_b.get("/admin/").status_code == 200  # B's own admin is open to them
    for url in read_urls(a_plan)[1:] + write_gets(a_plan)[1:]:
        assert on_b.get(url).status_code == 404, url
    listing = on_b.get("/admin/plans/")
    assert listing.status_code == 200 and str(a_plan.approved) not in listing.content.decode()
    for url, data in write_posts(a_plan)[1:]:
        assert on_b.post(url, data).status_code == 404, url
    on_a = host_client(muni_a, methodologist_b)
    assert refused(on_a.get("/admin/"))
    for url in read_urls(a_plan) + write_gets(a_plan):
        response = on_a.get(url)
        assert refused(response), (url, response.status_code)
    for url, data in write_posts(a_plan):
        assert refused(on_a.post(url, data)), url
    assert_nothing_changed(muni_a, a_plan)
    with tenant_context(muni_b):
        assert not AnnualPlan.objects.exists()


def test_an_institute_observer_reads_a_plan_of_a_but_changes_nothing(muni_a, a_plan, make_user, host_client):
    observer = make_user(Role.INSTITUTE, None)
    client = host_client(muni_a, observer)
    for url in read_urls(a_plan):
        response = client.get(url)
        assert response.status_code == 200, url
    screen = client.get(f"/admin/plan/{a_plan.approved.pk}/").content.decode()
    assert "Мероприятие 1" in screen
    for control in ("Сохранить выводы", "Сформировать", "Копировать на следующий год", "Отметить выполнение"):
        assert control not in screen, control
    for url in write_gets(a_plan):
        response = client.get(url)
        assert refused(response), (url, response.status_code)
    for url, data in write_posts(a_plan):
        response = client.post(url, data)
        assert refused(response), (url, response.status_code)
    assert_nothing_changed(muni_a, a_plan)
