"""Cells of every spreadsheet the project writes: text stays text, never a formula (CSV/formula injection).

A visitor's name, a consultation topic or a page title ends up in an organiser's XLSX or CSV. A
text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and
LibreOffice take for a formula (``=HYPERLINK(…)`` a live link, ``+1+cmd|…`` a DDE call), so:

* XLSX (:func:`xlsx_cell_as_text`, :func:`xlsx_workbook_bytes`): openpyxl makes a cell a
  formula (``data_type`` ``"f"``) when a string starts with ``=`` and an error cell (``"e"``)
  when it is ``#N/A`` and the like; every string cell is set back to ``"s"``, a string, which no
  spreadsheet evaluates. One starting with any of the characters above also gets the
  ``quotePrefix`` style (Excel's leading apostrophe, not part of the value): edited in Excel it
  stays text. The value itself is unchanged, so a file read back gives exactly what was written.
* CSV (:func:`csv_cell`): a CSV has no types, so the OWASP rule: such a text is written with a
  leading ``'``. :func:`csv_cell_unescape` takes that apostrophe off again when the project reads
  a CSV (the imports engine), so an exported list imports back unchanged.

Numbers are numbers, not text: ``-5`` as an int, a Decimal or a float is written as it is. A
phone number is text: ``+7 (812) 123-45-67`` is a string cell with the quote prefix in XLSX and
``'+7 (812) 123-45-67`` in CSV, read back as ``+7 (812) 123-45-67``. The full-width forms of the
four signs are treated the same, as some Excel locales read them as the ASCII ones.

Every writer uses this module: the imports engine's template and export, the events' participant
list, the dashboards of the service and the region, the PD list, and Wagtail's list export of our
viewsets and Wagtail's own reports (:func:`wagtail_list_exports_as_text`). The project writes no formulas of its own.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_ESCAPE = "'"


def formula_like(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """The value to give ``csv.writer``: a formula-like text with a leading ``'`` (OWASP)."""
    return CSV_ESCAPE + value if formula_like(value) else value


def csv_cell_unescape(value: Any) -> Any:
    """A cell of a CSV as :func:`csv_cell` wrote it: the escaping apostrophe taken off."""
    if isinstance(value, str) and value.startswith(CSV_ESCAPE) and formula_like(value[1:]):
        return value[1:]
    return value


def xlsx_cell_as_text(cell: Any) -> Any:
    """An openpyxl cell (ordinary or write-only) holding a string: a string cell, never a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if formula_like(cell.value):
            cell.quotePrefix = True
    return cell


def xlsx_cells_as_text(cells: Iterator[Any]) -> Iterator[Any]:
    for cell in cells:
        yield xlsx_cell_as_text(cell)


def xlsx_workbook_bytes(workbook: Any) -> bytes:
    """The workbook as XLSX bytes, every string cell of its ordinary sheets made text first.

    Rows of a write-only workbook are gone once appended: build them from cells passed through
    :func:`xlsx_cell_as_text` (as ``tenants.imports.spreadsheets.export_xlsx`` does).
    """
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    xlsx_cell_as_text(cell)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def wagtail_list_exports_as_text() -> None:
    """Make every Wagtail list export write text cells: ours, and Wagtail's own reports.

    Wagtail's ``SpreadsheetExportMixin`` (every index view with ``list_export``, the page reports,
    the redirects export) turns a ``=`` string back into a string in XLSX, but not ``+``, ``-``
    or ``@``, and writes CSV cells as they are. Its two cell writers are wrapped once, when
    ``cms.base`` is ready, so a new viewset or report cannot forget it.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_cells_as_text", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    generate_row = SpreadsheetExportMixin.generate_xlsx_row

    def preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
        value = preprocess(self, field, value, export_format)
        return csv_cell(value) if export_format == SpreadsheetExportMixin.FORMAT_CSV else value

    def generate_xlsx_row(self: Any, worksheet: Any, row_dict: Any, date_format: Any = None) -> Iterator[Any]:
        return xlsx_cells_as_text(generate_row(self, worksheet, row_dict, date_format))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value  # type: ignore[method-assign]
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row  # type: ignore[method-assign]
    SpreadsheetExportMixin._cells_as_text = True  # type: ignore[attr-defined]
