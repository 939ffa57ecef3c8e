"""The quota list for the provider as XLSX (every text cell safe: ``tenants.spreadsheet_cells``) and
DOCX: the course, then the teachers in the methodologist's order with their organisation,
position, subjects and contacts (what a provider asks to enrol them)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from tenants.courses.selectors import quota_list
from tenants.development.models import CourseOffer
from tenants.municipalities.selectors import current_municipality
from tenants.spreadsheet_cells import xlsx_workbook_bytes

HEADER = ("№", "Фамилия, имя, отчество", "Организация", "Должность", "Предметы", "E-mail", "Телефон")


def quota_rows(offer: CourseOffer) -> list[tuple[Any, ...]]:
    return [
        (
            number,
            application.teacher.full_name,
            application.teacher.organisation.short_name,
            application.teacher.position,
            ", ".join(s.name for s in application.teacher.subjects.all()),
            application.teacher.email,
            application.teacher.phone,
        )
        for number, application in enumerate(quota_list(offer), start=1)
    ]


def _facts(offer: CourseOffer) -> list[str]:
    return [
        f"{_('Программа')}: {offer.programme}",
        f"{_('Организатор обучения')}: {offer.provider}",
        f"{_('Сроки')}: {offer.start_date:%d.%m.%Y} — {offer.end_date:%d.%m.%Y}",
        f"{_('Объём, часов')}: {offer.hours}; {_('форма обучения')}: {offer.get_format_display().lower()}",
        f"{_('Мест по квоте')}: {offer.quota}",
    ]


def _title() -> str:
    municipality = current_municipality()
    name = municipality.name if municipality else ""
    return _("Список педагогов на курсы повышения квалификации: %(name)s") % {"name": name}


def quota_list_xlsx(offer: CourseOffer) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Список")
    sheet.append([_title()])
    for fact in _facts(offer):
        sheet.append([fact])
    sheet.append([])
    sheet.append([_(h) for h in HEADER])
    for row in quota_rows(offer):
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (5, 36, 30, 24, 30, 28, 18), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx_workbook_bytes(workbook)


def quota_list_docx(offer: CourseOffer) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    document.add_heading(_title(), level=1)
    for fact in _facts(offer):
        document.add_paragraph(fact)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = _(text)
    for row in quota_rows(offer):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
