"""The filters shared by both screens: person, object, action, dates (inclusive), where."""

from __future__ import annotations

import datetime

from django.utils import timezone

from audit.selectors import (
    AuditFilters,
    audit_action_choices,
    audit_entries_of_municipality,
    audit_entries_of_region,
)
from tests.audit.conftest import entry_at


def _targets(queryset):
    return [entry.target for entry in queryset]


def _local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_person_object_and_action(entries, muni_a):
    region = lambda **kw: _targets(audit_entries_of_region(filters=AuditFilters(**kw)))  # noqa: E731
    assert region(person="head_b") == ["organisation#7: Бетонная школа"]
    assert region(person="operator@audit.example") == ["Региональная новость"]
    assert region(person="methodologist_a audit.example") == ["teacher#1: Секретова Анна"]  # every word matches
    assert region(person="methodologist_a head_b") == []
    assert region(target="Бетонная") == ["organisation#7: Бетонная школа"]
    assert region(action="regional_news.create") == ["Региональная новость"]
    assert region() == ["Региональная новость", "organisation#7: Бетонная школа", "teacher#1: Секретова Анна"]
    # The municipality's scope holds whatever the filters say.
    mine = audit_entries_of_municipality(municipality=muni_a, filters=AuditFilters(target="Бетонная"))
    assert _targets(mine) == []


def test_dates_are_inclusive_days_in_moscow_time(entries):
    entry_at(entries.a, _local(2025, 3, 10, 23, 59, 59))
    entry_at(entries.b, _local(2025, 3, 11, 0, 0))
    entry_at(entries.region, _local(2025, 3, 12, 0, 0))
    day = datetime.date(2025, 3, 11)

    def between(date_from=None, date_to=None):
        return _targets(audit_entries_of_region(filters=AuditFilters(date_from=date_from, date_to=date_to)))

    assert between(day, day) == [entries.b.target]
    assert between(date_from=day) == [entries.region.target, entries.b.target]
    assert between(date_to=day) == [entries.b.target, entries.a.target]


def test_action_choices_are_those_of_the_scope_by_russian_name(entries, muni_a):
    assert audit_action_choices(municipality=muni_a) == [("teacher.update", "Педагог: изменение")]
    codes = {code for code, _label in audit_action_choices(municipality=None)}
    assert codes == {"teacher.update", "organisation.create", "regional_news.create"}


def test_a_reversed_range_is_explained_in_russian_and_the_input_kept(person, entries, muni_a, host_client):
    response = host_client(muni_a, person("head_a")).get(
        "/admin/audit/", {"date_from": "2025-03-12", "date_to": "2025-03-11", "target": "Секретова"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Дата «по» не может быть раньше даты «с»." in body
    assert 'value="2025-03-12"' in body and 'value="Секретова"' in body


def test_the_screen_applies_the_filters_and_pages_keep_them(person, entries, muni_a, host_client):
    from audit.services import audit_record

    for number in range(55):
        audit_record(action="teacher.create", acting_user=None, municipality=muni_a, target=f"teacher#{number}: Н")
    client = host_client(muni_a, person("head_a"))
    first = client.get("/admin/audit/", {"action": "teacher.create"}).content.decode()
    assert first.count("<code>teacher.create</code>") == 50
    assert "Секретова" not in first.split("<table")[1]  # another action: filtered out of the table
    assert "?action=teacher.create&amp;p=2" in first
    second = client.get("/admin/audit/", {"action": "teacher.create", "p": "2"}).content.decode()
    assert second.count("<code>teacher.create</code>") == 5
    assert "Страница 2 из 2" in second
