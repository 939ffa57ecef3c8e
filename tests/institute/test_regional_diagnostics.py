"""Regional diagnostics loaded centrally by the institute: a good file lands whole, a file with bad
rows lands not at all and names each of them; only the institute loads and deletes; the screen
shows shares per municipality and area, counts only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from institute.models import RegionalDiagnostic, RegionalDiagnosticResult
from institute.regional_diagnostics import DiagnosticFileError, regional_diagnostic_load
from tenants.spreadsheet_cells import xlsx_workbook_bytes

HEADERS = ["Муниципалитет", "Область компетенций", "Участников", "С дефицитом"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    return xlsx_workbook_bytes(workbook)


def _load(user, data, title="Диагностика ИКТ-компетенций"):
    return regional_diagnostic_load(
        title=title, academic_year="2025/2026", held_on=datetime.date(2025, 11, 20), data=data, acting_user=user
    )


def test_a_good_file_lands_whole_with_an_audit_row(institute_user, muni_a, muni_b):
    data = _xlsx(
        [
            [muni_a.name, "Цифровые образовательные технологии", 40, 12],
            [muni_a.slug, "assessment", 40, 30],  # by slug and by code
            [muni_b.name.upper(), "цифровые образовательные технологии", 10, 0],
        ]
    )
    diagnostic = _load(institute_user, data)
    results = {(r.municipality_id, r.area_code): (r.participants, r.with_deficit) for r in diagnostic.results.all()}
    assert results == {
        (muni_a.pk, "digital"): (40, 12),
        (muni_a.pk, "assessment"): (40, 30),
        (muni_b.pk, "digital"): (10, 0),
    }
    entry = AuditEntry.objects.get(action="regional_diagnostic.import")
    assert entry.actor == institute_user and entry.data["rows"] == 3


def test_a_file_with_bad_rows_lands_not_at_all_and_names_each(institute_user, muni_a):
    data = _xlsx(
        [
            [muni_a.name, "digital", 10, 2],
            ["Несуществующий район", "digital", 10, 2],
            [muni_a.name, "Астрология", 10, 2],
            [muni_a.name, "assessment", 5, 7],
            [muni_a.name, "methods", "много", -1],
            [muni_a.name, "digital", 3, 1],
        ]
    )
    with pytest.raises(DiagnosticFileError) as raised:
        _load(institute_user, data)
    messages = raised.value.messages
    assert messages[0].startswith("Строка 3:") and "«Несуществующий район» не найден" in messages[0]
    assert messages[1].startswith("Строка 4:") and "«Астрология» не из каталога" in messages[1]
    assert messages[2].startswith("Строка 5:") and "больше, чем участников" in messages[2]
    assert messages[3].startswith("Строка 6:") and "«Участников»" in messages[3] and "«С дефицитом»" in messages[3]
    assert messages[4].startswith("Строка 7:") and "повторяет строку 2" in messages[4]
    assert len(messages) == 5
    assert not RegionalDiagnostic.objects.exists() and not RegionalDiagnosticResult.objects.exists()


def test_missing_columns_and_an_unreadable_file_are_said(institute_user):
    workbook = Workbook()
    workbook.active.append(["Муниципалитет", "Участников"])
    with pytest.raises(DiagnosticFileError) as raised:
        _load(institute_user, xlsx_workbook_bytes(workbook))
    assert raised.value.messages == ["В файле нет столбцов: «Область компетенций», «С дефицитом»."]
    with pytest.raises(DiagnosticFileError):
        _load(institute_user, b"PK\x03\x04not really a workbook")


@pytest.mark.parametrize("name", ["committee", "operator", "head_a"])
def test_only_the_institute_loads(name, person, muni_a):
    with pytest.raises(PermissionDenied):
        _load(person(name), _xlsx([[muni_a.name, "digital", 1, 1]]))


def test_the_screens_upload_show_and_delete(institute_user, committee_user, muni_a, host_client):
    client = host_client(None, institute_user)
    template = load_workbook(io.BytesIO(client.get("/institute/development/diagnostics/template.xlsx").content))
    assert [c.value for c in template.worksheets[0][1]] == HEADERS
    assert muni_a.name in [row[0] for row in template.worksheets[1].iter_rows(values_only=True)]

    bad = SimpleUploadedFile("d.xlsx", _xlsx([[muni_a.name, "digital", 1, 5]]))
    response = client.post(
        "/institute/development/diagnostics/new/", {"title": "ИКТ", "held_on": "2025-11-20", "file": bad}
    )
    assert response.status_code == 200 and "Строка 2:" in response.content.decode()
    assert not RegionalDiagnostic.objects.exists()

    good = SimpleUploadedFile("d.xlsx", _xlsx([[muni_a.name, "digital", 40, 10]]))
    response = client.post(
        "/institute/development/diagnostics/new/", {"title": "ИКТ", "held_on": "2025-11-20", "file": good}
    )
    diagnostic = RegionalDiagnostic.objects.get()
    assert diagnostic.academic_year == "2025/2026"
    assert response.status_code == 302 and f"diagnostic={diagnostic.pk}" in response["Location"]
    body = client.get("/institute/development/?year=2025").content.decode()
    assert '<td class="heat-1">10/40 <span class="muted">(25 %)</span></td>' in body

    # The committee reads it but neither loads nor deletes.
    observer = host_client(None, committee_user)
    assert "10/40" in observer.get("/institute/development/?year=2025").content.decode()
    assert observer.get("/institute/development/diagnostics/new/").status_code == 403
    assert observer.post(f"/institute/development/diagnostics/{diagnostic.pk}/delete/").status_code == 403
    assert RegionalDiagnostic.objects.exists()

    assert client.post(f"/institute/development/diagnostics/{diagnostic.pk}/delete/").status_code == 302
    assert not RegionalDiagnostic.objects.exists() and not RegionalDiagnosticResult.objects.exists()
    assert AuditEntry.objects.filter(action="regional_diagnostic.delete").count() == 1


@pytest.mark.parametrize("name", ["anonymous", "operator", "head_a", "teacher_a"])
def test_others_get_nothing(name, person, host_client, muni_a):
    client = host_client(None, person(name))
    for path in ("/institute/development/diagnostics/new/", "/institute/development/diagnostics/template.xlsx"):
        response = client.get(path)
        if name == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        else:
            assert response.status_code == 403, (name, path)
    on_a_municipality_host = host_client(muni_a, person(name))
    assert on_a_municipality_host.get("/institute/development/").status_code in (302, 404)
