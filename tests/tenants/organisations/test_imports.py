"""Importing organisations: by INN, every bad row reported with its number, all or nothing."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from tenants.imports.engine import ImportRejected, import_plan
from tenants.organisations.imports import OrganisationImportSpec
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.organisations.services import organisations_import
from tests.tenants.imports.files import csv_bytes, xlsx_bytes
from tests.tenants.organisations.factories import OrganisationFactory

HEADER = ["ИНН", "Краткое наименование", "Полное наименование", "Тип", "E-mail", "Действует"]
GOOD = [
    HEADER,
    ["4714012344", "МБОУ «СОШ № 1»", "Средняя общеобразовательная школа № 1", "школа", "", "да"],
    [4714000010, "МБДОУ «Детский сад № 7»", "Детский сад № 7", "ДОУ", "ds7@example.ru", ""],
    ["4714000028", "МБОУДО «ЦРТ»", "Центр развития творчества", "Организация дополнительного образования", "", "нет"],
]


def _plan(data: bytes):
    return import_plan(OrganisationImportSpec(), data, filename="org.xlsx")


def test_good_file_adds_and_updates_by_inn(muni_a, methodologist_a):
    with tenant_context(muni_a):
        existing = OrganisationFactory(inn="4714000028", short_name="ЦРТ", head_name="Голубева В. А.")
        plan = _plan(xlsx_bytes(GOOD))
        assert [(r.number, r.action) for r in plan.rows] == [(2, "create"), (3, "create"), (4, "update")]
        assert plan.rows[2].changes == ["Краткое наименование", "Полное наименование", "Тип", "Действует"]
        result = organisations_import(data=xlsx_bytes(GOOD), filename="org.xlsx", acting_user=methodologist_a)
        assert (result.created, result.updated) == (2, 1)
        kindergarten = Organisation.objects.get(inn="4714000010")
        assert kindergarten.kind == OrganisationKind.KINDERGARTEN and kindergarten.is_active
        assert kindergarten.email == "ds7@example.ru"
        existing.refresh_from_db()
        assert existing.short_name == "МБОУДО «ЦРТ»" and not existing.is_active
        # A column absent from the file is left as it was.
        assert existing.head_name == "Голубева В. А."
        assert [r.action for r in _plan(xlsx_bytes(GOOD)).rows] == ["unchanged"] * 3
    audit = AuditEntry.objects.get(action="organisation.import")
    assert (audit.data["created"], audit.data["updated"], audit.data["rows"]) == (2, 1, 3)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ["4714012345", "Школа", "Школа", "школа", "", ""],
            "ИНН",
            "ИНН «4714012345» не проходит проверку контрольной цифры.",
        ),
        (["47140", "Школа", "Школа", "школа", "", ""], "ИНН", "ИНН организации состоит из 10 цифр."),
        (["4714012344", "", "Школа", "школа", "", ""], "Краткое наименование", "Не заполнено обязательное поле."),
        (["4714012344", "Школа", "Школа", "вуз", "", ""], "Тип", "Значение «вуз» не подходит; допустимы:"),
        (["4714012344", "Школа", "Школа", "школа", "школа@", ""], "E-mail", "Неверный адрес e-mail «школа@»."),
        (["4714012344", "Школа", "Школа", "школа", "", "иногда"], "Действует", "Ожидается «да» или «нет»"),
    ],
    ids=["checksum", "length", "missing-name", "kind", "email", "boolean"],
)
def test_each_bad_cell_is_reported_and_nothing_is_applied(muni_a, methodologist_a, row, column, message):
    data = xlsx_bytes([*GOOD, row])
    with tenant_context(muni_a):
        plan = _plan(data)
        assert [(e.row, e.column) for e in plan.errors] == [(5, column)]
        assert plan.errors[0].message.startswith(message)
        with pytest.raises(ImportRejected):
            organisations_import(data=data, filename="org.xlsx", acting_user=methodologist_a)
        assert not Organisation.objects.exists()
    assert not AuditEntry.objects.filter(action="organisation.import").exists()


def test_duplicate_inn_within_the_file(muni_a):
    data = csv_bytes([*GOOD, ["4714012344", "Ещё школа", "Ещё школа", "школа", "", ""]])
    with tenant_context(muni_a):
        plan = _plan(data)
    assert [(e.row, e.message) for e in plan.errors] == [(5, "ИНН 4714012344 уже встречался в строке 2.")]


def test_missing_required_column(muni_a):
    with tenant_context(muni_a):
        plan = _plan(csv_bytes([["ИНН", "Краткое наименование"], ["4714012344", "Школа"]]))
    assert plan.file_errors == [
        "В заголовке (строка 1) нет обязательного столбца «Полное наименование».",
        "В заголовке (строка 1) нет обязательного столбца «Тип».",
    ]
