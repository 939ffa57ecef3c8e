"""The template and the export: the import's columns, so an exported file goes back in unchanged."""

from __future__ import annotations

import csv
import datetime
import io

from django_tenants.utils import tenant_context
from openpyxl import load_workbook

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
    assert lines[1].endswith(";'+7 900 000-00-00")  # text starting with «+» is escaped too, and read back


def test_formula_like_text_is_escaped_in_both_exports_and_reimports_unchanged(muni_a):
    """«+1+…» and «-1+…» used to pass the guard; a phone number and a negative number still import."""
    spec = TeacherImportSpec()
    with tenant_context(muni_a):
        TeacherFactory(
            last_name="+1+cmd|' /C calc'!A0",
            first_name="-1+cmd|' /C calc'!A0",
            middle_name="@SUM(1)",
            phone="+7 (812) 123-45-67",
            position="-",
            subjects=[SubjectFactory(name="=Алгебра"), SubjectFactory(name="Физика")],
        )
        as_csv = export_csv(spec, Teacher.objects.all())
        as_xlsx = export_xlsx(spec, Teacher.objects.all())
        csv_plan = import_plan(spec, as_csv, filename="export.csv")
        xlsx_plan = import_plan(spec, as_xlsx, filename="export.xlsx")
    cells = next(csv.reader(as_csv.decode("utf-8-sig").splitlines()[1:], delimiter=";"))
    assert cells[:3] == ["'+1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0", "'@SUM(1)"]
    assert "'+7 (812) 123-45-67" in cells and "'=Алгебра; Физика" in cells  # a list cell is text too
    sheet = load_workbook(io.BytesIO(as_xlsx)).active
    for cell in sheet[2][:3]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    for plan in (csv_plan, xlsx_plan):
        assert plan.is_valid, plan.errors
        assert [r.action for r in plan.rows] == ["unchanged"]


def test_hand_made_files_with_phone_numbers_import_as_typed(muni_a):
    from tests.tenants.imports.files import csv_bytes

    with tenant_context(muni_a):
        school = TeacherFactory().organisation.short_name
        rows = [
            ["Фамилия", "Имя", "Организация", "Должность", "Телефон"],
            ["Петрова", "Анна", school, "учитель", "+7 (812) 555-00-00"],
        ]
        plan = import_plan(TeacherImportSpec(), csv_bytes(rows), filename="hand.csv")
    assert plan.is_valid, plan.errors
    (planned,) = plan.rows
    assert planned.values["phone"] == "+7 (812) 555-00-00"
