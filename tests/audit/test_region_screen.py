"""The operator's region-wide audit screen on the region host: everything, for the operator only."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry

URL = "/operator/audit/"


def test_the_operator_sees_every_entry(person, entries, host_client):
    response = host_client(None, person("operator")).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Секретова Анна", "Бетонная школа", "Региональная новость"):
        assert text in body
    assert "Тестовый городской округ А" in body and "Тестовый муниципальный район Б" in body


def test_the_operator_narrows_to_one_municipality_or_the_region(person, entries, muni_b, host_client):
    client = host_client(None, person("operator"))
    body = client.get(URL, {"municipality": muni_b.slug}).content.decode()
    assert "Бетонная школа" in body and "Секретова Анна" not in body and "Региональная новость" not in body
    body = client.get(URL, {"municipality": "_region"}).content.decode()
    assert "Региональная новость" in body and "Бетонная школа" not in body


@pytest.mark.parametrize("name", ["institute", "committee", "head_a", "methodologist_a", "chair_a", "teacher_a"])
def test_everyone_else_is_refused(name, person, entries, host_client):
    client = host_client(None, person(name))
    for url in (URL, URL + "?export=xlsx"):
        response = client.get(url)
        assert response.status_code == 403, (name, url)
        assert "Секретова".encode() not in response.content
    assert not AuditEntry.objects.filter(action__in=("audit.view", "audit.export")).exists()


def test_anonymous_is_sent_to_login_and_no_municipality_host_serves_it(person, muni_a, host_client):
    response = host_client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert host_client(muni_a, person("operator")).get(URL).status_code == 404


def test_the_registry_links_to_the_log(person, host_client):
    assert f'href="{URL}"' in host_client(None, person("operator")).get("/operator/").content.decode()


def test_each_read_and_export_is_recorded(person, entries, muni_a, host_client):
    operator = person("operator")
    client = host_client(None, operator)
    client.get(URL, {"municipality": muni_a.slug, "date_from": "2020-01-01"})
    read = AuditEntry.objects.get(action="audit.view")
    assert read.actor == operator and read.municipality is None
    assert read.data == {"filters": {"municipality": "test-alpha", "date_from": "2020-01-01"}, "page": 1}

    response = client.get(URL, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[6] == "Муниципалитет"
    by_target = {row[5]: row for row in rows[1:]}
    assert by_target["teacher#1: Секретова Анна"][6] == "Тестовый городской округ А"
    assert by_target["organisation#7: Бетонная школа"][6] == "Тестовый муниципальный район Б"
    assert by_target["Региональная новость"][6] == "Регион"
    # The earlier read is in the export too, and newest first.
    codes = [row[4] for row in rows[1:]]
    assert codes == ["audit.view", "regional_news.create", "organisation.create", "teacher.update"]
    export = AuditEntry.objects.get(action="audit.export")
    assert export.data == {"filters": {}, "rows": 4} and export.municipality is None
