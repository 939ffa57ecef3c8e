"""Spreadsheets out: the template to fill in and the export of a list, both with the import's columns.

An exported file has the same header as the template, so it can be edited and imported back.
Every cell goes through ``tenants.spreadsheet_cells`` (text is never a formula); the reader
takes the CSV escape off again (``reading``), so the round trip is exact.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from tenants.imports.specs import ImportSpec
from tenants.spreadsheet_cells import csv_cell, xlsx_cell_as_text, xlsx_workbook_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD.MM.YYYY"
REQUIRED_FILL = "FFF2CC"


def _sheet_title(title: str) -> str:
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet1"


def template_xlsx(spec: ImportSpec) -> bytes:
    """A workbook with the header, an example row and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(str(spec.title))
    sheet.append([str(column.header) for column in spec.columns])
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for example in spec.example_rows():
        sheet.append([str(v) if isinstance(v, Promise) else v for v in example])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(_sheet_title(_("Пояснения")))
    notes.append([_("Столбец"), _("Обязательный"), _("Что указывать")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append([str(column.header), _("да") if column.required else _("нет"), str(column.help)])
    notes.append([])
    notes.append(
        [
            _(
                "Первая строка листа — заголовок, данные — со второй. Порядок столбцов любой, необязательные "
                "можно удалить. Строка-пример удаляется перед загрузкой. Принимаются XLSX и CSV (UTF-8 или "
                "Windows-1251, разделитель «;» или «,»)."
            )
        ]
    )
    notes.column_dimensions["A"].width = 32
    notes.column_dimensions["B"].width = 14
    notes.column_dimensions["C"].width = 90
    return xlsx_workbook_bytes(workbook)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def export_xlsx(spec: ImportSpec, queryset: QuerySet[Any]) -> bytes:
    """Every object of ``queryset`` as a row of the import's columns."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(str(spec.title)))
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in spec.export_rows(spec.export_queryset(queryset)):
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            row.append(xlsx_cell_as_text(cell))
        sheet.append(row)
    return xlsx_workbook_bytes(workbook)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return csv_cell("; ".join(str(v) for v in value))
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, even a negative one, is no formula
    # Any text starting like a formula gets the leading «'», «+1+…» and «-1+…» as much as
    # «=…»; a phone number (+7 …) too, and ``reading`` takes the «'» off again on import.
    return csv_cell(str(value))


def export_csv(spec: ImportSpec, queryset: QuerySet[Any]) -> bytes:
    """The same rows as CSV for Excel: UTF-8 with a byte-order mark, «;» between cells."""
    rows: Iterable[Sequence[Any]] = spec.export_rows(spec.export_queryset(queryset))
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in spec.columns])
    for values in rows:
        writer.writerow([_csv_value(v) for v in values])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
