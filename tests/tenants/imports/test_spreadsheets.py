"""The template and the export: the import's columns, so an exported file goes back in unchanged."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from tenants.imports.engine import import_plan
from tenants.imports.spreadsheets import export_csv, export_xlsx, template_xlsx
from tenants.people.imports import TeacherImportSpec
from tenants.people.models import Teacher
from tests.tenants.imports.files import xlsx_rows
from tests.tenants.people.factories import SubjectFactory, TeacherFactory


def test_template_has_the_header_an_example_and_explanations():
    spec = TeacherImportSpec()
    data = template_xlsx(spec)
    rows = xlsx_rows(data)
    assert rows[0] == tuple(str(c.header) for c in spec.columns)
    assert rows[1][:3] == ("Иванова", "Мария", "Петровна")
    notes = xlsx_rows(data, sheet=1)
    assert notes[0] == ("Столбец", "Обязательный", "Что указывать")
    assert notes[1][:2] == ("Фамилия", "да")
    assert ("Организация", "нет", "Краткое наименование организации из реестра (или её ИНН).") in notes


def test_export_reimports_as_unchanged(muni_a):
    spec = TeacherImportSpec()
    with tenant_context(muni_a):
        teacher = TeacherFactory(
            last_name="=Иванова",
            first_name="Мария",
            middle_name="",
            teaching_since=datetime.date(2019, 9, 1),
            subjects=[SubjectFactory(name="Математика"), SubjectFactory(name="Информатика")],
        )
        data = export_xlsx(spec, Teacher.objects.all())
        rows = xlsx_rows(data)
        plan = import_plan(spec, data, filename="export.xlsx")
    assert rows[1][0] == "=Иванова"  # text, never a formula
    assert rows[1][3:5] == (teacher.organisation.short_name, teacher.organisation.inn)
    assert rows[1][7] == "Информатика; Математика"
    assert rows[1][9] == datetime.datetime(2019, 9, 1)
    assert plan.is_valid, plan.errors
    assert [r.action for r in plan.rows] == ["unchanged"]


def test_csv_export_is_excel_friendly(muni_a):
    with tenant_context(muni_a):
        TeacherFactory(last_name="=HYPERLINK()", first_name="Анна", phone="+7 900 000-00-00")
        data = export_csv(TeacherImportSpec(), Teacher.objects.all())
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Фамилия;Имя;Отчество;Организация")
    assert lines[1].startswith("'=HYPERLINK();Анна;")
    assert lines[1].endswith(";+7 900 000-00-00")
