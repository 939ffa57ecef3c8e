"""Cell parsers: values as spreadsheets hold them, Russian messages naming the value."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tenants.imports import cells
from tenants.people.models import QualificationCategory


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (None, ""),
        ("  Иванова \xa0 Мария ", "Иванова Мария"),
        (4714012344.0, "4714012344"),
        (12, "12"),
        (datetime.datetime(2021, 9, 1, 0, 0), "01.09.2021"),
        (True, "да"),
    ],
)
def test_cell_text(raw, text):
    assert cells.cell_text(raw) == text


def test_normalised_ignores_case_yo_quotes_and_spacing():
    assert cells.normalised("МБОУ  «СОШ № 1»") == cells.normalised('мбоу "сош № 1"')
    assert cells.normalised("Фёдорова") == cells.normalised("федорова")


def test_text_refuses_what_does_not_fit():
    assert cells.text(max_length=5)("abc") == "abc"
    with pytest.raises(cells.CellError, match="Слишком длинное значение: 6 знаков"):
        cells.text(max_length=5)("abcdef")


@pytest.mark.parametrize(
    "raw",
    ["01.09.2021", "2021-09-01", "01.09.21", "01/09/2021", datetime.date(2021, 9, 1), datetime.datetime(2021, 9, 1)],
)
def test_date_formats(raw):
    assert cells.date(raw) == datetime.date(2021, 9, 1)


def test_date_errors_name_the_value():
    with pytest.raises(cells.CellError, match=re.escape("Неверная дата «31.02.2021»: укажите её как ДД.ММ.ГГГГ")):
        cells.date("31.02.2021")
    with pytest.raises(cells.CellError, match="ещё не наступила"):
        cells.date(timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(cells.CellError, match="Неправдоподобная дата"):
        cells.date("01.01.1900")
    assert cells.date("") is None


def test_choice_by_label_code_or_synonym():
    parse = cells.choice(dict(QualificationCategory.choices), default="none", synonyms={"ВКК": "highest"})
    assert parse("Высшая") == "highest"
    assert parse("высшая.") == "highest"
    assert parse("first") == "first"
    assert parse("вкк") == "highest"
    assert parse("") == "none"
    with pytest.raises(cells.CellError) as error:
        parse("вторая")
    assert "Значение «вторая» не подходит; допустимы:" in error.value.message
    assert "«Высшая»" in error.value.message


def test_boolean():
    parse = cells.boolean(default=True)
    assert parse("да") is True and parse("Нет") is False and parse("") is True and parse(False) is False
    with pytest.raises(cells.CellError, match="Ожидается «да» или «нет», а не «может быть»"):
        parse("может быть")


def test_email_and_url():
    assert cells.email(" Ivanova@Example.RU ") == "ivanova@example.ru"
    with pytest.raises(cells.CellError, match="Неверный адрес e-mail «ivanova@»"):
        cells.email("ivanova@")
    assert cells.url("school1.example.ru") == "https://school1.example.ru"
    with pytest.raises(cells.CellError, match="Неверный адрес сайта"):
        cells.url("не сайт")


def test_name_list_splits_and_deduplicates():
    assert cells.name_list(max_length=50)("Математика; информатика,\nМатематика") == ["Математика", "информатика"]
    assert cells.name_list(max_length=50)(None) == []


def test_digits_restore_leading_zeros_of_numbers():
    assert cells.digits(length=10)(123456789) == "0123456789"
    assert cells.digits(length=10)(" 4714 012344 ") == "4714012344"
