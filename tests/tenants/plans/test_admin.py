"""The plan's admin screens through the test client: roles, transitions, exports, isolation."""

from __future__ import annotations

import io

from django_tenants.utils import tenant_context

from rollups.models import PlanStatus
from tenants.plans.models import AnnualPlan, PlanItem
from tests.tenants.plans.conftest import draft_plan, item_fields


def test_a_methodologist_creates_a_plan_and_adds_an_item(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    assert client.get("/admin/plans/").status_code == 200
    response = client.post("/admin/plans/new/", {"academic_year": "2025", "note": ""})
    assert response.status_code == 302, response.content.decode()[-3000:]
    with tenant_context(muni_a):
        plan = AnnualPlan.objects.get(academic_year=2025)
        direction_id = item_fields()["direction"].pk
    page = client.get(f"/admin/plan/{plan.pk}/")
    assert page.status_code == 200
    response = client.post(
        f"/admin/plan/{plan.pk}/item/new/",
        {"direction": direction_id, "form": "seminar", "topic": "Семинар по ФГОС", "month": "10"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(f"/admin/plan/{plan.pk}/").content.decode()
    assert "Семинар по ФГОС" in page
    assert "Утвердить" not in page and "Направить на утверждение" not in page  # not a methodologist's buttons


def test_the_chair_approves_through_the_admin_and_a_methodologist_cannot(
    muni_a, head_a, chair_a, methodologist_a, host_client
):
    with tenant_context(muni_a):
        plan = draft_plan()
    assert (
        host_client(muni_a, head_a).post(f"/admin/plan/{plan.pk}/status/submitted/", {"comment": ""}).status_code == 302
    )
    # Wagtail answers a refused admin view with a redirect to the dashboard (or 403).
    refused = host_client(muni_a, methodologist_a).post(f"/admin/plan/{plan.pk}/status/approved/", {})
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    with tenant_context(muni_a):
        assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    chair = host_client(muni_a, chair_a)
    assert "Утвердить" in chair.get(f"/admin/plan/{plan.pk}/").content.decode()
    assert chair.post(f"/admin/plan/{plan.pk}/status/approved/", {"comment": "Утверждаю"}).status_code == 302
    with tenant_context(muni_a):
        assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_a_user_of_b_neither_reads_nor_approves_a_plan_of_a(muni_a, muni_b, head_a, chair_b, host_client):
    with tenant_context(muni_a):
        plan = draft_plan()
        from tenants.plans.services import plan_submit

        plan_submit(plan=plan, acting_user=head_a)
    # B's chair on A's host: no role there.
    on_a = host_client(muni_a, chair_b)
    for url in (f"/admin/plan/{plan.pk}/", f"/admin/plan/{plan.pk}/export/docx/", "/admin/plans/"):
        assert on_a.get(url).status_code in (302, 403), url
    assert on_a.post(f"/admin/plan/{plan.pk}/status/approved/", {}).status_code in (302, 403)
    # B's chair on B's host: the same id is not A's plan.
    on_b = host_client(muni_b, chair_b)
    assert on_b.get(f"/admin/plan/{plan.pk}/").status_code == 404
    assert on_b.post(f"/admin/plan/{plan.pk}/status/approved/", {}).status_code == 404
    with tenant_context(muni_a):
        assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_docx_export_has_the_items_grouped_by_direction(muni_a, methodologist_a, host_client):
    from docx import Document

    with tenant_context(muni_a):
        plan = draft_plan(items=4)
    response = host_client(muni_a, methodologist_a).get(f"/admin/plan/{plan.pk}/export/docx/")
    assert response.status_code == 200
    table = Document(io.BytesIO(response.content)).tables[0]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts[0][0] == "№" and "Ожидаемый результат" in texts[0]
    assert ["Аналитическая деятельность"] * 5 in texts  # a merged heading row per direction
    assert any(row[0] == "1" and row[1].startswith("Мероприятие 1") for row in texts)
    assert sum(1 for row in texts if row[0].isdigit()) == 4


def test_xlsx_export_reads_back(muni_a, methodologist_a, host_client):
    from openpyxl import load_workbook

    with tenant_context(muni_a):
        plan = draft_plan(items=2)
    response = host_client(muni_a, methodologist_a).get(f"/admin/plan/{plan.pk}/export/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Направление", "Форма", "Содержание (тема)")
    assert [r[2] for r in rows[1:]] == ["Мероприятие 1", "Мероприятие 2"]
    with tenant_context(muni_a):
        assert PlanItem.objects.filter(plan=plan).count() == 2


def test_xlsx_export_writes_a_formula_like_topic_as_text(muni_a, methodologist_a, host_client):
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://x","y")'
    with tenant_context(muni_a):
        plan = draft_plan(items=1)
        PlanItem.objects.filter(plan=plan).update(topic=formula)
    response = host_client(muni_a, methodologist_a).get(f"/admin/plan/{plan.pk}/export/xlsx/")
    cell = load_workbook(io.BytesIO(response.content)).active["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)
