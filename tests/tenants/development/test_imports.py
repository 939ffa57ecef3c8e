"""Importing course records: preview, errors by row, all or nothing, steps completed, template and export."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.development.imports import CourseRecordImportSpec
from tenants.development.models import CourseFormat, CourseRecord, StepKind, StepStatus
from tenants.imports.engine import ImportRejected, import_apply, import_plan
from tenants.imports.specs import RowAction
from tests.tenants.development.factories import CourseRecordFactory, LearningRouteFactory, RouteStepFactory, area
from tests.tenants.imports.files import csv_bytes, xlsx_bytes, xlsx_rows
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Организация",
    "Программа",
    "Организатор обучения",
    "Часов",
    "Форма обучения",
    "Дата начала",
    "Дата окончания",
    "Номер документа",
    "Области компетенций",
]
SPEC = CourseRecordImportSpec()


@pytest.fixture
def people(muni_a):
    with tenant_context(muni_a):
        school, other = OrganisationFactory(short_name="МБОУ «СОШ № 1»"), OrganisationFactory(short_name="МБОУ «Лицей»")
        return {
            "ivanova": TeacherFactory(
                last_name="Иванова", first_name="Мария", middle_name="Петровна", organisation=school
            ),
            "twin_1": TeacherFactory(last_name="Смирнова", first_name="Анна", middle_name="", organisation=school),
            "twin_2": TeacherFactory(last_name="Смирнова", first_name="Анна", middle_name="", organisation=other),
        }


def _row(last="Иванова", first="Мария", middle="Петровна", org="", programme="Функциональная грамотность", **kw):
    return [
        last,
        first,
        middle,
        org,
        programme,
        kw.get("provider", "ГАОУ ДПО «ЛОИРО»"),
        kw.get("hours", 36),
        kw.get("format", "дистанционно"),
        kw.get("start", "01.02.2025"),
        kw.get("end", "14.02.2025"),
        kw.get("number", "780400012345"),
        kw.get("areas", "Формирование функциональной грамотности; digital"),
    ]


def test_a_good_file_is_previewed_then_applied(muni_a, people, methodologist_a):
    data = xlsx_bytes([HEADER, _row(), _row(last="Смирнова", first="Анна", middle="", org="МБОУ «Лицей»")])
    with tenant_context(muni_a):
        plan = import_plan(SPEC, data, filename="k.xlsx")
        assert plan.is_valid, plan.errors
        assert plan.counts[RowAction.CREATE] == 2
        assert CourseRecord.objects.count() == 0
        result = import_apply(SPEC, data, filename="k.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated) == (2, 0)
        record = CourseRecord.objects.get(teacher=people["ivanova"])
        assert record.format == CourseFormat.DISTANCE and record.hours == 36
        assert record.end_date == datetime.date(2025, 2, 14)
        assert {a.code for a in record.competence_areas.all()} == {"functional-literacy", "digital"}
        assert CourseRecord.objects.filter(teacher=people["twin_2"]).exists()
        # The same file again changes nothing; a changed number updates the record.
        assert import_plan(SPEC, data, filename="k.xlsx").counts[RowAction.UNCHANGED] == 2
        changed = xlsx_bytes([HEADER, _row(number="999")])
        result = import_apply(SPEC, changed, filename="k2.xlsx", acting_user=methodologist_a)
        assert result.updated == 1
        record.refresh_from_db()
        assert record.document_number == "999"


def test_bad_rows_are_named_and_nothing_is_applied(muni_a, people, methodologist_a):
    data = csv_bytes(
        [
            HEADER,
            _row(),  # 2: good
            _row(last="Неизвестная"),  # 3: no such teacher
            _row(last="Смирнова", first="Анна", middle=""),  # 4: two of them, no organisation
            _row(hours="много"),  # 5: hours
            _row(programme="Другая", start="20.02.2025", end="10.02.2025"),  # 6: dates out of order
            _row(programme="Третья", areas="Астрология"),  # 7: unknown area
            _row(programme="Четвёртая", end="01.01.2099"),  # 8: not yet finished
            _row(),  # 9: repeats row 2
            _row(programme="", format="заочно-очно"),  # 10: programme missing, format unknown
        ]
    )
    with tenant_context(muni_a):
        plan = import_plan(SPEC, data, filename="bad.csv")
        by_row: dict[int, list[str]] = {}
        for error in plan.errors:
            by_row.setdefault(error.row, []).append(error.message)
        assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10}
        assert "нет в реестре педагогов" in by_row[3][0]
        assert "укажите организацию" in by_row[4][0]
        assert "не целое число" in by_row[5][0]
        assert "раньше даты начала" in by_row[6][0]
        assert "Астрология" in by_row[7][0]
        assert "ещё не наступила" in by_row[8][0]
        assert "строке 2" in by_row[9][0]
        assert len(by_row[10]) == 2
        with pytest.raises(ImportRejected):
            import_apply(SPEC, data, filename="bad.csv", acting_user=methodologist_a)
        assert CourseRecord.objects.count() == 0


def test_an_imported_course_completes_the_route_step(muni_a, people, methodologist_a):
    with tenant_context(muni_a):
        route = LearningRouteFactory(
            teacher=people["ivanova"], period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 1)
        )
        step = RouteStepFactory(route=route, kind=StepKind.COURSE, area=area("digital"))
        result = import_apply(SPEC, xlsx_bytes([HEADER, _row()]), filename="k.xlsx", acting_user=methodologist_a)
        assert result.extra["route_steps_done"] == 1
        step.refresh_from_db()
        assert step.status == StepStatus.DONE and step.course_record is not None


def test_template_and_export_through_the_admin(muni_a, people, methodologist_a, host_client):
    with tenant_context(muni_a):
        CourseRecordFactory(teacher=people["ivanova"], programme="Экспортируемая программа")
    client = host_client(muni_a, methodologist_a)
    template = client.get("/admin/development/courses/import/template/")
    assert template.status_code == 200
    assert xlsx_rows(template.content)[0][:3] == ("Фамилия", "Имя", "Отчество")
    export = client.get("/admin/development/courses/?export=xlsx")
    assert export.status_code == 200
    rows = xlsx_rows(export.content)
    assert any("Экспортируемая программа" in (cell or "") for row in rows for cell in row if isinstance(cell, str))
    upload = client.post(
        "/admin/development/courses/import/",
        {"file": SimpleUploadedFile("k.xlsx", xlsx_bytes([HEADER, _row()]))},
    )
    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    assert preview.status_code == 200 and "Функциональная грамотность".encode() in preview.content
    assert client.post(upload["Location"]).status_code == 302
    with tenant_context(muni_a):
        assert CourseRecord.objects.filter(programme="Функциональная грамотность").exists()
