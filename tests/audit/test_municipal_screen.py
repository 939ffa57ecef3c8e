"""The head of service's audit screen in the municipality's admin: A's entries, for A's head only."""

from __future__ import annotations

import io

import pytest
from django.http import HttpResponse
from openpyxl import load_workbook

from audit.models import AuditEntry

URL = "/admin/audit/"


def refused(response: HttpResponse) -> bool:
    """Wagtail answers a refusal with a redirect to its home (signed in) or to the login page."""
    if response.status_code in (403, 404):
        return True
    where = response["Location"].split("?")[0] if response.status_code == 302 else None
    return where in ("/admin/", "/admin/login/", "/accounts/login/")


def test_head_of_a_reads_as_entries_only(person, entries, muni_a, host_client):
    response = host_client(muni_a, person("head_a")).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Секретова Анна" in body
    assert "Педагог: изменение" in body  # the action by its Russian name
    assert "methodologist_a@audit.example.test" in body
    assert "Бетонная школа" not in body  # B's
    assert "Региональная новость" not in body  # the region's


def test_the_menu_item_is_shown_to_the_head_only(person, muni_a, host_client):
    assert URL in host_client(muni_a, person("head_a")).get("/admin/").content.decode()
    for name in ("methodologist_a", "chair_a"):
        response = host_client(muni_a, person(name)).get("/admin/")
        assert response.status_code == 200
        assert URL not in response.content.decode()


@pytest.mark.parametrize("name", ["methodologist_a", "chair_a", "teacher_a", "institute", "committee", "operator"])
def test_everyone_but_the_head_is_refused(name, person, entries, muni_a, host_client):
    client = host_client(muni_a, person(name))
    for url in (URL, URL + "?export=xlsx"):
        response = client.get(url)
        assert refused(response), (name, url, response.status_code)
        assert "Секретова".encode() not in response.content
    assert not AuditEntry.objects.filter(action__in=("audit.view", "audit.export")).exists()


def test_bs_head_gets_nothing_on_as_host_and_only_bs_entries_on_bs(person, entries, muni_a, muni_b, host_client):
    head_b = person("head_b")
    response = host_client(muni_a, head_b).get(URL)
    assert refused(response)
    assert "Секретова".encode() not in response.content
    body = host_client(muni_b, head_b).get(URL).content.decode()
    assert "Бетонная школа" in body and "Секретова Анна" not in body


def test_anonymous_is_sent_to_login(muni_a, host_client):
    response = host_client(muni_a).get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_each_read_is_recorded_with_its_filters(person, entries, muni_a, host_client):
    head = person("head_a")
    response = host_client(muni_a, head).get(URL, {"person": "methodologist", "action": "teacher.update", "p": "1"})
    assert response.status_code == 200
    read = AuditEntry.objects.get(action="audit.view")
    assert read.actor == head and read.municipality == muni_a
    assert read.data == {"filters": {"person": "methodologist", "action": "teacher.update"}, "page": 1}
    # The next visit shows the read itself, by its Russian name.
    assert "Журнал действий: просмотр" in host_client(muni_a, head).get(URL).content.decode()


def test_export_has_as_rows_and_is_recorded(person, entries, muni_a, host_client):
    head = person("head_a")
    response = host_client(muni_a, head).get(URL, {"target": "Секретова", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-test-alpha-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Время", "Кто", "E-mail", "Действие", "Код действия", "Объект")
    assert "Муниципалитет" not in rows[0]  # one municipality's export needs no such column
    assert [row[3:6] for row in rows[1:]] == [("Педагог: изменение", "teacher.update", "teacher#1: Секретова Анна")]
    export = AuditEntry.objects.get(action="audit.export")
    assert export.actor == head and export.municipality == muni_a
    assert export.data == {"filters": {"target": "Секретова"}, "rows": 1}


def test_the_screen_is_labelled_for_assistive_technology(person, muni_a, host_client):
    body = host_client(muni_a, person("head_a")).get(URL).content.decode()
    for field in ("person", "target", "action", "date_from", "date_to"):
        assert f'<label class="w-field__label" for="id_{field}">' in body
    assert "<caption" in body and '<th scope="col">' in body
    assert 'aria-describedby="id_person_helptext"' in body and 'id="id_person_helptext"' in body


def test_a_formula_typed_into_a_target_is_exported_as_text(person, entries, muni_a, host_client):
    from audit.services import audit_record

    formula = '=HYPERLINK("http://evil.example","Открыть")'
    audit_record(action="event_registration.create", acting_user=None, municipality=muni_a, target=formula)
    response = host_client(muni_a, person("head_a")).get(URL, {"action": "event_registration.create", "export": "xlsx"})
    cell = load_workbook(io.BytesIO(response.content)).active["F2"]
    assert cell.value == formula and cell.data_type == "s"
