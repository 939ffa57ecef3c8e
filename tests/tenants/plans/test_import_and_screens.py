"""Import of a plan from XLSX (errors by row, all or nothing) and the other plan screens."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.plans.models import CyclogramDuty, ItemForm, PlanItem, ReportKind
from tenants.plans.services import plan_report_request
from tests.tenants.plans.conftest import approved_plan, direction, draft_plan

HEADER = ["Направление", "Форма", "Содержание (тема)", "Участники", "Месяц", "Дата начала", "Ответственные"]


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def test_import_with_bad_rows_applies_nothing_and_names_each_row(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        plan = draft_plan(items=0)
    client = host_client(muni_a, methodologist_a)
    upload = _xlsx(
        [
            ["Аналитическая деятельность", "мониторинг", "Мониторинг ВПР", "руководители", "октябрь", None, ""],
            ["Нет такого направления", "семинар", "Семинар", "", "ноябрь", None, ""],
            ["consulting", "экскурсия", "Консультации", "", "декабрь", None, ""],
            ["consulting", "консультация", "Без срока", "", None, None, ""],
            ["informational", "семинар", "Вне года", "", None, datetime.date(2027, 3, 1), ""],
        ]
    )
    page = client.post(f"/admin/plan/{plan.pk}/import/", {"file": upload}).content.decode()
    assert "строка 3" in page and "Нет такого направления" in page
    assert "строка 4" in page and "«экскурсия» не подходит" in page
    assert "строка 5" in page and "месяц или дату начала" in page
    assert "строка 6" in page and "вне учебного года" in page
    assert "Добавить в план" not in page  # no confirmation for a file with errors
    with tenant_context(muni_a):
        assert not PlanItem.objects.filter(plan=plan).exists()


def test_a_good_file_is_previewed_then_applied_whole(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        plan = draft_plan(items=0)
    client = host_client(muni_a, methodologist_a)
    assert client.get(f"/admin/plan/{plan.pk}/import/template/").status_code == 200
    upload = _xlsx(
        [
            ["Аналитическая деятельность", "мониторинг", "Мониторинг ВПР", "руководители", "октябрь", None, "Петрова"],
            ["consulting", "консультация", "Консультации по аттестации", "", None, "14.01.2026", ""],
        ]
    )
    response = client.post(f"/admin/plan/{plan.pk}/import/", {"file": upload})
    token = response.context["token"]
    assert response.context["plan_preview"].is_valid
    with tenant_context(muni_a):
        assert not PlanItem.objects.filter(plan=plan).exists()  # the preview writes nothing
    assert client.post(f"/admin/plan/{plan.pk}/import/", {"token": token}).status_code == 302
    with tenant_context(muni_a):
        items = list(PlanItem.objects.filter(plan=plan).order_by("number"))
    assert [(i.topic, i.month, i.date_start, i.responsible_text) for i in items] == [
        ("Мониторинг ВПР", 10, None, "Петрова"),
        ("Консультации по аттестации", 1, datetime.date(2026, 1, 14), ""),
    ]


def test_an_approved_plan_refuses_an_import(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        plan = approved_plan(items=1)
    upload = _xlsx([["consulting", "консультация", "Ещё одна", "", "май", None, ""]])
    page = host_client(muni_a, methodologist_a).post(f"/admin/plan/{plan.pk}/import/", {"file": upload})
    assert "только в черновик" in page.content.decode()


def test_cyclogram_corrections_and_as_of_screens(muni_a, methodologist_a, head_a, host_client):
    with tenant_context(muni_a):
        CyclogramDuty.objects.create(title="Совет", direction=direction(), form=ItemForm.MEETING, months=[9, 1])
        draft = draft_plan(items=0)
    client = host_client(muni_a, methodologist_a)
    assert client.get("/admin/cyclogram/").status_code == 200
    assert client.post(f"/admin/plan/{draft.pk}/do/cyclogram/").status_code == 302
    with tenant_context(muni_a):
        assert PlanItem.objects.filter(plan=draft, cyclogram_duty__isnull=False).count() == 2
        draft.delete()
        plan = approved_plan(items=2)
        item = PlanItem.objects.filter(plan=plan).first()
    response = client.post(
        f"/admin/plan/{plan.pk}/corrections/",
        {"op": "create", "kind": "month", "period_start": "2025-10-10", "reason": "Карантин"},
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        correction = plan.corrections.get()
    client.post(
        f"/admin/plan/{plan.pk}/corrections/",
        {
            "op": "entry",
            "correction": correction.pk,
            "item": item.pk,
            "action": "move",
            "new_month": "12",
            "reason": "Карантин в школах",
        },
    )
    head = host_client(muni_a, head_a)
    assert "Применить коррекцию" in head.get(f"/admin/plan/{plan.pk}/corrections/").content.decode()
    head.post(f"/admin/plan/{plan.pk}/corrections/", {"op": "apply", "correction": correction.pk})
    with tenant_context(muni_a):
        item.refresh_from_db()
        assert item.month == 12 and item.status == "moved"
    page = client.get(f"/admin/plan/{plan.pk}/as-of/?on={datetime.date.today():%Y-%m-%d}").content.decode()
    assert "Карантин в школах" in page


def test_report_status_and_files_stay_in_their_municipality(
    muni_a, muni_b, head_a, make_user, host_client, django_capture_on_commit_callbacks
):
    from accounts.models import Role

    with tenant_context(muni_a):
        plan = approved_plan(items=1)
        with django_capture_on_commit_callbacks(execute=False):
            report = plan_report_request(plan=plan, kind=ReportKind.ANNUAL, acting_user=head_a)
    status = host_client(muni_a, head_a).get(f"/admin/plan/{plan.pk}/report/{report.pk}/")
    assert status.json()["state"] == "queued"
    head_b = make_user(Role.HEAD, muni_b)
    assert host_client(muni_b, head_b).get(f"/admin/plan/{plan.pk}/report/{report.pk}/").status_code == 404
    assert host_client(muni_a, head_b).get(f"/admin/plan/{plan.pk}/report/{report.pk}/").status_code in (302, 403)


def test_a_cyclogram_duty_is_added_in_the_admin_with_its_months(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        direction_id = direction("analytical").pk
    client = host_client(muni_a, methodologist_a)
    assert client.get("/admin/cyclogram/new/").status_code == 200
    response = client.post(
        "/admin/cyclogram/new/",
        {
            "title": "Мониторинг аттестации",
            "direction": direction_id,
            "form": "monitoring",
            "months": ["1", "9"],
            "audience": "",
            "expected_result": "",
            "order": "100",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    with tenant_context(muni_a):
        assert CyclogramDuty.objects.get(title="Мониторинг аттестации").months == [9, 1]


def test_the_plan_header_says_how_many_items_are_done_of_how_many(muni_a, methodologist_a, host_client):
    from tenants.plans.models import ItemStatus

    with tenant_context(muni_a):
        plan = draft_plan(items=36)
        items = list(PlanItem.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True))
        PlanItem.objects.filter(pk__in=items[:28]).update(status=ItemStatus.DONE)
        PlanItem.objects.filter(pk=items[-1]).update(status=ItemStatus.CANCELLED)  # not counted
    page = host_client(muni_a, methodologist_a).get(f"/admin/plan/{plan.pk}/").content.decode()
    assert "выполнено 28 из 35 (80 %)" in page
