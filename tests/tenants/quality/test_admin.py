"""The quality screens in the municipality's admin: every one answers its staff, and the forms write."""

from __future__ import annotations

import datetime
import io

from django_tenants.utils import tenant_context
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEntry
from tenants.quality.models import AssessmentResult, Flag, ObservationCriterion, SupportDecision
from tests.tenants.quality.factories import YEAR, subject
from tests.tenants.quality.urls import all_urls, refused


def test_own_staff_reach_every_screen(muni_a, host_client, methodologist_a, quality_a):
    client = host_client(muni_a, methodologist_a)
    for url in all_urls(quality_a):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_the_menu_has_the_quality_group(muni_a, host_client, methodologist_a):
    page = host_client(muni_a, methodologist_a).get("/admin/").content.decode()
    assert "/admin/quality/indicators/" in page and "/admin/quality/visits/" in page


def test_a_result_typed_in_the_form_is_checked_and_flags_follow(muni_a, host_client, methodologist_a, quality_a):
    client = host_client(muni_a, methodologist_a)
    vpr, other = quality_a["vpr"], quality_a["other"]
    with tenant_context(muni_a):
        russian = subject("russian").pk
    form = {
        "procedure": vpr.pk,
        "organisation": other.pk,
        "grade": 6,
        "class_letter": "",
        "subject": russian,
        "participants": 20,
        "marks_2": 6,
        "marks_3": 10,
        "marks_4": 3,
        "marks_5": 2,
    }
    response = client.post("/admin/quality/results/new/", form)
    assert response.status_code == 200 and "Отметок «2»–«5» 21, а участников 20" in response.content.decode()
    form["marks_2"] = 5
    response = client.post("/admin/quality/results/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(muni_a):
        result = AssessmentResult.objects.get(organisation=other, grade=6)
        assert Flag.objects.filter(organisation=other, grade=6, reason="low_share_2").exists()
    assert AuditEntry.objects.filter(action="assessment_result.create", data__id=result.pk).exists()


def test_the_head_decides_and_a_methodologist_may_not(muni_a, host_client, methodologist_a, head_a, quality_a):
    other = quality_a["other"]
    url = f"/admin/quality/support/decide/{other.pk}/"
    dismiss = {"status": "dismissed", "reason": "", "year": YEAR}
    assert refused(host_client(muni_a, methodologist_a).post(url, dismiss))
    head = host_client(muni_a, head_a)
    response = head.post(url, dismiss, follow=True)
    assert "Укажите, почему организации не требуется поддержка" in response.content.decode()
    head.post(url, {**dismiss, "reason": "Результаты объяснимы составом класса"})
    with tenant_context(muni_a):
        decision = SupportDecision.objects.get(organisation=other)
        assert decision.status == "dismissed" and decision.decided_by == head_a
    page = head.get(f"/admin/quality/support/?year={YEAR}").content.decode()
    assert "Результаты объяснимы составом класса" in page and "Сохранить решение" in page
    assert (
        "Сохранить решение"
        not in host_client(muni_a, methodologist_a).get(f"/admin/quality/support/?year={YEAR}").content.decode()
    )


def test_an_observation_is_written_with_a_mark_per_criterion(muni_a, host_client, methodologist_a, quality_a):
    client = host_client(muni_a, methodologist_a)
    visit, teacher = quality_a["visit"], quality_a["teacher"]
    with tenant_context(muni_a):
        criteria = list(ObservationCriterion.objects.filter(is_active=True))
    data = {"teacher": teacher.pk, "grade": 6, "topic": "Проценты"}
    response = client.post(f"/admin/quality/visits/{visit.pk}/lessons/add/", data)
    assert response.status_code == 200  # the marks are required
    data.update({f"mark_{c.pk}": 2 for c in criteria})
    assert client.post(f"/admin/quality/visits/{visit.pk}/lessons/add/", data).status_code == 302
    with tenant_context(muni_a):
        lesson = visit.observations.get(topic="Проценты")
        assert lesson.marks.count() == len(criteria)
    page = client.get(f"/admin/quality/visits/inspect/{visit.pk}/").content.decode()
    assert "Проценты" in page and "2 — проявляется в полной мере" in page


def test_card_files_open_and_hold_the_sections(muni_a, host_client, methodologist_a, quality_a):
    client = host_client(muni_a, methodologist_a)
    school = quality_a["school"]
    xlsx = client.get(f"/admin/quality/organisations/{school.pk}/card.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert {"Результаты", "Отметки о результатах", "Посещения", "Программы поддержки"} <= set(workbook.sheetnames)
    flags = [row[2] for row in workbook["Отметки о результатах"].iter_rows(min_row=3, values_only=True)]
    assert any("отметку «2» получили 32,0 %" in (text or "") for text in flags)
    docx = Document(io.BytesIO(client.get(f"/admin/quality/organisations/{school.pk}/card.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Карточка сопровождения" in text and "Посещения" in text


def test_card_spreadsheet_cells_never_run_as_formulas(muni_a, host_client, methodologist_a, quality_a):
    from tenants.quality.services.visits import visit_update

    with tenant_context(muni_a):
        visit_update(
            visit=quality_a["visit"], acting_user=methodologist_a, data={"purpose": '=HYPERLINK("http://x","y")'}
        )
    content = (
        host_client(muni_a, methodologist_a)
        .get(f"/admin/quality/organisations/{quality_a['school'].pk}/card.xlsx")
        .content
    )
    sheet = load_workbook(io.BytesIO(content))["Посещения"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"


def test_import_template_names_the_columns(muni_a, host_client, methodologist_a, quality_a):
    content = (
        host_client(muni_a, methodologist_a)
        .get(f"/admin/quality/procedures/{quality_a['vpr'].pk}/import/template/")
        .content
    )
    header = [c.value for c in load_workbook(io.BytesIO(content)).worksheets[0][1]]
    assert header[:6] == ["ИНН", "Организация", "Класс", "Буква класса", "Предмет", "Участников"]
    assert "Повысили" in header


def test_programme_screen_shows_the_roadmap_and_the_effect(muni_a, host_client, methodologist_a, quality_a):
    page = (
        host_client(muni_a, methodologist_a)
        .get(f"/admin/quality/programmes/inspect/{quality_a['programme'].pk}/")
        .content.decode()
    )
    assert "Выезд, посещение уроков" in page and "Выполнено" in page  # the held visit completed it
    assert "Новых результатов для сравнения пока нет" in page
    assert datetime.date(YEAR, 11, 12).strftime("%d.%m.%Y") in page
