"""Reading a table from XLSX and CSV files as Excel and editors save them."""

from __future__ import annotations

import datetime

import pytest

from tenants.imports.reading import MAX_DATA_ROWS, TableFileError, table_read
from tests.tenants.imports.files import csv_bytes, xlsx_bytes

ROWS = [["Фамилия", "Имя"], ["Иванова", "Мария"], ["Петрова", "Анна"]]


def _cells(table):
    return [(row.number, [str(c) for c in row.cells]) for row in table.rows]


def test_xlsx_rows_keep_the_numbers_excel_shows():
    data = xlsx_bytes([["Фамилия", "Стаж с"], ["Иванова", datetime.date(2020, 9, 1)], [], ["Петрова", None]])
    table = table_read(data)
    assert table.file_kind == "xlsx"
    assert table.headers == ("Фамилия", "Стаж с")
    assert [row.number for row in table.rows] == [2, 4]
    assert table.rows[0].cells[1] == datetime.datetime(2020, 9, 1)


def test_xlsx_header_below_blank_rows():
    table = table_read(xlsx_bytes([[], ["Фамилия", "Имя"], ["Иванова", "Мария"]]))
    assert table.header_row == 2
    assert [row.number for row in table.rows] == [3]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(ROWS, encoding="utf-8", delimiter=";"),
        csv_bytes(ROWS, encoding="utf-8", delimiter=","),
        csv_bytes(ROWS, encoding="utf-8", delimiter=";", bom=True),
        csv_bytes(ROWS, encoding="cp1251", delimiter=";"),
        csv_bytes(ROWS, encoding="cp1251", delimiter=","),
    ],
    ids=["utf8-semicolon", "utf8-comma", "utf8-bom", "cp1251-semicolon", "cp1251-comma"],
)
def test_csv_encodings_and_delimiters(data):
    table = table_read(data)
    assert table.file_kind == "csv"
    assert table.headers == ("Фамилия", "Имя")
    assert _cells(table) == [(2, ["Иванова", "Мария"]), (3, ["Петрова", "Анна"])]


def test_csv_comma_inside_quotes_with_semicolon_delimiter():
    table = table_read('Фамилия;Предметы\r\nИванова;"Математика, информатика"\r\n'.encode())
    assert table.rows[0].cells == ("Иванова", "Математика, информатика")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Файл пустой."),
        (b"%PDF-1.4\n...", "Загрузите таблицу XLSX или CSV"),
        (b"PK\x03\x04broken", "Загрузите таблицу XLSX или CSV"),
        (b"\r\n;;\r\n", "В файле нет ни одной заполненной строки."),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(TableFileError) as error:
        table_read(data)
    assert message in error.value.message


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr("tenants.imports.reading.MAX_DATA_ROWS", 3)
    with pytest.raises(TableFileError, match="Слишком много строк"):
        table_read(csv_bytes([["Фамилия"], *[[f"П{i}"] for i in range(5)]]))
    assert MAX_DATA_ROWS == 20_000


def test_csv_reads_our_formula_escape_back_and_leaves_everything_else_as_typed():
    table = table_read(
        csv_bytes(
            [
                ["Фамилия", "Телефон", "Баланс"],
                ["'=HYPERLINK(1)", "'+7 (812) 123-45-67", "'-5"],  # as our export writes them
                ["O'Brien", "+7 (812) 123-45-67", "-5"],  # as a person types them
                ["'quoted", "'", "-1.5"],
            ]
        )
    )
    assert [row.cells for row in table.rows] == [
        ("=HYPERLINK(1)", "+7 (812) 123-45-67", "-5"),
        ("O'Brien", "+7 (812) 123-45-67", "-5"),
        ("'quoted", "'", "-1.5"),
    ]
