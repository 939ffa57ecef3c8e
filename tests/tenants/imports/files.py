"""Spreadsheet files for the import tests, made in memory the way Excel and editors save them."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, title: str = "Лист1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", delimiter: str = ";", bom: bool = False
) -> bytes:
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = output.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_rows(data: bytes, *, sheet: int = 0) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
