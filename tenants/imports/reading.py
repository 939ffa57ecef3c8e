"""A table out of an uploaded file: XLSX by its content, otherwise CSV as Excel or an editor saves it.

CSV: UTF-8 (with or without Excel's byte-order mark), else Windows-1251 (what Russian Excel
writes as «CSV (разделители — запятые)»); the delimiter is «;» or «,», whichever the header
line uses. Row numbers are the ones a person sees in Excel: the header is row 1.

A CSV cell written by our export with the formula escape (``'+7 (812) …``, ``'=…``: see
``tenants.spreadsheet_cells``) is read without it, so an exported list imports back unchanged;
phone numbers and negative numbers typed by hand import as they are. Nothing read is ever
evaluated: XLSX is read (by calamine) with the values a spreadsheet cached, never its formulas.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tenants.imports.cells import cell_text
from tenants.spreadsheet_cells import csv_cell_unescape
from tenants.uploads import sniff_document_kind, zip_archive_check

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_DATA_ROWS = 20_000
MAX_BLANK_RUN = 1_000


class TableFileError(Exception):
    """The file as a whole cannot be read; ``message`` is Russian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SourceRow:
    number: int
    cells: tuple[Any, ...]

    def is_empty(self) -> bool:
        return all(cell_text(c) == "" for c in self.cells)


@dataclass(frozen=True)
class SourceTable:
    headers: tuple[str, ...]
    header_row: int
    rows: tuple[SourceRow, ...]
    file_kind: str  # "xlsx" or "csv"


def table_read(data: bytes) -> SourceTable:
    """The table in ``data``; raises :class:`TableFileError` when there is none to read."""
    if not data:
        raise TableFileError(_("Файл пустой."))
    if len(data) > MAX_FILE_SIZE:
        raise TableFileError(
            _("Файл слишком большой: %(size)s, допускается не больше %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_FILE_SIZE)}
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            zip_archive_check(io.BytesIO(data))  # before anything unpacks a part, openpyxl included
        except ValidationError as error:
            raise TableFileError(" ".join(error.messages)) from None
    kind = sniff_document_kind(io.BytesIO(data))
    if kind == "xlsx":
        return _table(_xlsx_rows(data), "xlsx")
    if kind is not None or data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise TableFileError(_("Загрузите таблицу XLSX или CSV: этот файл не похож ни на то, ни на другое."))
    return _table(_csv_rows(data), "csv")


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    """The first sheet's rows from row 1 and column A, read by calamine (Rust): a procedure's
    results (some 15,000 rows) in a fraction of a second, where openpyxl takes seconds."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            if not workbook.sheet_names:
                raise TableFileError(_("В файле нет листов."))
            values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError):
        raise TableFileError(_("Файл XLSX повреждён или не читается.")) from None
    rows: list[tuple[Any, ...]] = []
    filled = blank_run = 0
    for cells in values:
        row = tuple(_xlsx_value(c) for c in cells)
        if any(cell_text(c) for c in row):
            filled, blank_run = filled + 1, 0
        else:
            blank_run += 1
            # Formatting drawn down to the sheet's end leaves empty rows by the million.
            if blank_run > MAX_BLANK_RUN:
                break
        if filled > MAX_DATA_ROWS + 1:
            raise TableFileError(_too_many_rows())
        rows.append(row)
    return rows


def _xlsx_value(value: Any) -> Any:
    """A cell as openpyxl gives it, which the cell parsers expect: a whole number stored as a float
    is an int, an empty cell None, a date a datetime at midnight."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value, datetime.time.min)
    return value


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _csv_rows(data: bytes) -> list[tuple[Any, ...]]:
    content = _decode(data)
    first_line = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    try:
        return [
            tuple(csv_cell_unescape(cell) for cell in row)
            for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise TableFileError(_("Файл CSV не читается: %(error)s.") % {"error": error}) from None


def _table(raw_rows: list[tuple[Any, ...]], kind: str) -> SourceTable:
    numbered = [SourceRow(number, cells) for number, cells in enumerate(raw_rows, start=1)]
    header = next((row for row in numbered if not row.is_empty()), None)
    if header is None:
        raise TableFileError(_("В файле нет ни одной заполненной строки."))
    headers = list(cell_text(c) for c in header.cells)
    while headers and not headers[-1]:
        headers.pop()
    data_rows = tuple(row for row in numbered if row.number > header.number and not row.is_empty())
    if len(data_rows) > MAX_DATA_ROWS:
        raise TableFileError(_too_many_rows())
    return SourceTable(headers=tuple(headers), header_row=header.number, rows=data_rows, file_kind=kind)


def _too_many_rows() -> str:
    return _("Слишком много строк: допускается не больше %(limit)d за один раз.") % {"limit": MAX_DATA_ROWS}
