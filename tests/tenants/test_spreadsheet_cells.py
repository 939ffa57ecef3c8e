"""The one helper for spreadsheet cells: text is text in XLSX and CSV, numbers stay numbers, and
every list export of our Wagtail viewsets goes through it (issue 13, item 5)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from tenants.spreadsheet_cells import (
    csv_cell,
    csv_cell_unescape,
    xlsx_cell_as_text,
    xlsx_workbook_bytes,
)

FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # full-width
    "+7 (812) 123-45-67",  # a phone number is text too: written as text, read back unchanged
]
PLAIN = ["Иванова Мария", "МБОУ «СОШ № 1»", "", "a=b", "1-2"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_csv_escapes_formula_like_text_and_reads_it_back(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell_unescape(csv_cell(text)) == text


@pytest.mark.parametrize("value", [*PLAIN, -5, 3.5, None])
def test_csv_leaves_plain_text_and_numbers_alone(value):
    assert csv_cell(value) == value
    assert csv_cell_unescape(value) == value
    assert csv_cell_unescape("'apostrophe") == "'apostrophe"  # only our own escape is taken off


def test_xlsx_strings_are_string_cells_with_the_quote_prefix_and_unchanged_values():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*FORMULA_LIKE, "#N/A", "Иванова", -5, 2.5])
    assert sheet["A1"].data_type == "f"  # what openpyxl makes of it on its own
    loaded = load_workbook(io.BytesIO(xlsx_workbook_bytes(workbook))).active
    cells = list(loaded[1])
    for cell, text in zip(cells, FORMULA_LIKE, strict=False):
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True), text
    error_like, name, negative, number = cells[len(FORMULA_LIKE) :]
    assert (error_like.data_type, error_like.value) == ("s", "#N/A")
    assert (name.data_type, name.quotePrefix) == ("s", False)
    assert (negative.data_type, negative.value) == ("n", -5) and number.value == 2.5


def test_xlsx_write_only_cells():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Лист")
    sheet.append([xlsx_cell_as_text(WriteOnlyCell(sheet, value='=HYPERLINK("http://x","y")'))])
    cell = load_workbook(io.BytesIO(xlsx_workbook_bytes(workbook))).active["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", '=HYPERLINK("http://x","y")', True)


def test_every_wagtail_list_export_writes_text():
    """Wagtail's own exports too (here its redirects list, whose paths staff type), not only ours."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    assert getattr(SpreadsheetExportMixin, "_cells_as_text", False)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_wagtails_redirects_export_writes_a_formula_like_path_as_text(export_format, muni_a, make_user, host_client):
    from django_tenants.utils import tenant_context
    from wagtail.contrib.redirects.models import Redirect

    with tenant_context(muni_a):
        Redirect.objects.create(old_path="/=hyperlink", redirect_link="-1+cmd|' /C calc'!A0")
    admin = make_user(is_superuser=True, is_staff=True)
    response = host_client(muni_a, admin).get(f"/admin/redirects/?export={export_format}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        assert "'-1+cmd|' /C calc'!A0" in body.decode("utf-8")
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == "-1+cmd|' /C calc'!A0"]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
