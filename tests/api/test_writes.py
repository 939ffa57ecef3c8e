"""Writes with a key: a teacher registered for an event, a course record, a unified calendar event."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from api.scopes import Scope
from audit.models import AuditEntry
from tenants.development.models import CourseRecord
from tenants.events.models import Registration
from unified_calendar.models import RegionalEvent

COURSE = {
    "provider": "ГАОУ ДПО «ЛОИРО»",
    "programme": "Функциональная грамотность",
    "hours": 36,
    "format": "distance",
    "start_date": "2026-02-01",
    "end_date": "2026-02-20",
    "document_number": "780000123",
}
CALENDAR_EVENT = {
    "title": "Августовская конференция",
    "kind": "conference",
    "starts_on": "2026-08-27",
    "ends_on": "2026-08-28",
    "organiser": "ЛОИРО",
}


def test_a_key_registers_a_teacher_and_then_the_waiting_list(make_key, api_client, muni_a, muni_data):
    event = muni_data(muni_a)["event"]
    key = make_key(Scope.EVENTS_WRITE)
    client = api_client(muni_a, key)
    statuses = []
    for n in range(3):
        person = {"full_name": f"Педагог {n}", "email": f"t{n}@example.test", "organisation_name": "Школа № 1"}
        response = client.post(f"/api/v1/events/{event.pk}/registrations/", person, content_type="application/json")
        assert response.status_code == 201
        statuses.append(response.json()["status"])
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    again = client.post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"full_name": "Педагог 0", "email": "t0@example.test"},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["details"][0]["field"] == "email"
    with tenant_context(muni_a):
        assert Registration.objects.filter(event=event).count() == 3
    writes = AuditEntry.objects.filter(action="api_key.write")
    assert writes.count() == 3 and {w.municipality_id for w in writes} == {muni_a.pk}
    assert AuditEntry.objects.filter(action="event_registration.add").count() == 3


def test_a_read_scope_cannot_write(make_key, api_client, muni_a, muni_data):
    event = muni_data(muni_a)["event"]
    key = make_key(Scope.EVENTS_READ)
    person = {"full_name": "Педагог", "email": "t@example.test"}
    response = api_client(muni_a, key).post(
        f"/api/v1/events/{event.pk}/registrations/", person, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_provider_posts_who_completed_its_course(make_key, api_client, muni_a, muni_b, muni_data):
    a, b = muni_data(muni_a), muni_data(muni_b)
    key = make_key(Scope.PD_WRITE, municipalities=[muni_a])
    client = api_client(muni_a, key)
    by_email = client.post(
        "/api/v1/pd-records/", {**COURSE, "teacher_email": a["teacher"].email.upper()}, content_type="application/json"
    )
    assert by_email.status_code == 201 and by_email.json()["teacher_id"] == a["teacher"].pk
    # B's teacher is not found on A's host, and B's host refuses the key.
    foreign = client.post(
        "/api/v1/pd-records/", {**COURSE, "teacher_id": b["teacher"].pk}, content_type="application/json"
    )
    assert (
        foreign.status_code == 422
        and foreign.json()["details"][0]["message"] == "Педагог не найден в этом муниципалитете."
    )
    refused = api_client(muni_b, key).post(
        "/api/v1/pd-records/", {**COURSE, "teacher_id": b["teacher"].pk}, content_type="application/json"
    )
    assert refused.status_code == 403
    backwards = client.post(
        "/api/v1/pd-records/",
        {**COURSE, "teacher_id": a["teacher"].pk, "end_date": "2026-01-01"},
        content_type="application/json",
    )
    assert backwards.status_code == 422
    with tenant_context(muni_a):
        assert CourseRecord.objects.filter(programme=COURSE["programme"]).count() == 1
    with tenant_context(muni_b):
        assert not CourseRecord.objects.filter(programme=COURSE["programme"]).exists()


def test_the_institute_writes_the_unified_calendar(make_key, api_client, make_user):
    key = make_key(Scope.CALENDAR_WRITE, municipalities=[])
    response = api_client(None, key).post("/api/v1/calendar/", CALENDAR_EVENT, content_type="application/json")
    assert response.status_code == 201 and RegionalEvent.objects.get().title == CALENDAR_EVENT["title"]
    assert api_client().get("/api/v1/calendar/").json()["items"][0]["id"] == response.json()["id"]
    # A key owned by someone who does not run the calendar writes nothing.
    committee_key = make_key(Scope.CALENDAR_WRITE, municipalities=[], owner=make_user(Role.COMMITTEE, None))
    refused = api_client(None, committee_key).post("/api/v1/calendar/", CALENDAR_EVENT, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["message"] == "Единый календарь ведут сотрудники ЛОИРО."
    assert RegionalEvent.objects.count() == 1
