"""The events admin: create with the regional conflict warning, participants, export, isolation."""

from __future__ import annotations

import csv
import datetime
import io
import json

from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import ContestParticipant, Event, Registration, RegistrationStatus
from tenants.events.services import registration_create
from tests.tenants.events.factories import in_days, make_event
from unified_calendar.models import RegionalEvent


def form_data(**overrides):
    starts = timezone.localtime(in_days(12))
    data = {
        "title": "Семинар для молодых педагогов",
        "kind": EventKind.SEMINAR,
        "audience": EventAudience.YOUNG_TEACHERS,
        "description": json.dumps(
            {
                "blocks": [
                    {
                        "key": "a1",
                        "type": "unstyled",
                        "text": "Программа семинара",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                    }
                ],
                "entityMap": {},
            }
        ),
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "hours": "",
        "organisation": "",
        "address": "ул. Ленинградская, 46",
        "online_url": "",
        "organiser_body": "",
        "methodologist": "",
        "registration_enabled": "on",
        "capacity": "30",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "plan_item": "",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_create_warns_about_a_regional_event_for_the_same_audience(muni_a, methodologist_a, host_client):
    day = timezone.localtime(in_days(12)).date()
    RegionalEvent.objects.create(
        title="Областной слёт молодых педагогов",
        kind=EventKind.CONFERENCE,
        audience=EventAudience.YOUNG_TEACHERS,
        starts_on=day,
        ends_on=day,
        organiser="ЛОИРО",
    )
    RegionalEvent.objects.create(
        title="Олимпиада школьников",
        kind=EventKind.OLYMPIAD,
        audience=EventAudience.STUDENTS,
        starts_on=day,
        ends_on=day,
        organiser="Комитет",
    )
    client = host_client(muni_a, methodologist_a)
    response = client.post("/admin/event_admin/new/", form_data(), follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Областной слёт молодых педагогов" in body and "Олимпиада школьников" not in body
    with tenant_context(muni_a):
        event = Event.objects.get(title="Семинар для молодых педагогов")
    assert event.capacity == 30 and event.created_by == methodologist_a
    assert AuditEntry.objects.filter(action="event.create", actor=methodologist_a).exists()
    bad = client.post("/admin/event_admin/new/", form_data(title="Без места", address=""))
    assert "Укажите место проведения" in bad.content.decode()


def test_organisers_see_the_list_export_it_and_mark_attendance(muni_a, methodologist_a, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a, first_name="Ольга", last_name="Иванова")
    with tenant_context(muni_a):
        event = make_event(title="Круглый стол", capacity=1)
        seat = registration_create(event=event, acting_user=teacher)
        waiting = registration_create(
            event=event, acting_user=None, full_name="Гость", organisation_name="Школа", email="g@example.test"
        )
    client = host_client(muni_a, methodologist_a)
    page = client.get(f"/admin/event_admin/{event.pk}/registrations/").content.decode()
    assert teacher.email in page and "g@example.test" in page and event.attendance_code in page
    client.post(f"/admin/event_admin/{event.pk}/registrations/", {"registration": seat.pk, "action": "attend"})
    with tenant_context(muni_a):
        assert Registration.objects.get(pk=seat.pk).attended
    export = client.get(f"/admin/event_admin/{event.pk}/registrations.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert rows[0][1] == "Иванова Ольга" and rows[0][4] == "Зарегистрирован" and rows[0][6] == "да"
    assert rows[1][3] == "g@example.test" and rows[1][4] == RegistrationStatus(waiting.status).label


def test_registration_lists_are_not_for_readers_nor_other_municipalities(
    muni_a, muni_b, methodologist_a, make_user, host_client
):
    with tenant_context(muni_a):
        event = make_event(title="Семинар А")
        registration_create(event=event, acting_user=None, full_name="Гость", organisation_name="Ш", email="p@x.test")
    chair = make_user(Role.CHAIR, muni_a)
    for url in (f"/admin/event_admin/{event.pk}/registrations/", f"/admin/event_admin/{event.pk}/registrations.xlsx"):
        refused = host_client(muni_a, chair).get(url)  # Wagtail turns the refusal into a redirect to the dashboard
        assert refused.status_code in (302, 403) and b"p@x.test" not in refused.content
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    client_b = host_client(muni_b, methodologist_b)
    for url in (
        f"/admin/event_admin/{event.pk}/registrations/",
        f"/admin/event_admin/{event.pk}/registrations.xlsx",
        f"/admin/event_admin/inspect/{event.pk}/",
    ):
        assert client_b.get(url).status_code == 404
    # A's methodologist has no role in B: B's admin does not let them in at all.
    assert host_client(muni_b, methodologist_a).get("/admin/event_admin/").status_code in (302, 403)
    staff_calendar = client_b.get("/admin/event_admin/calendar/").content.decode()
    assert "Семинар А" not in staff_calendar


def test_staff_calendar_shows_staff_only_events_and_the_regional_ones(muni_a, methodologist_a, host_client):
    day = in_days(8)
    with tenant_context(muni_a):
        make_event(title="Закрытое совещание методистов", starts_at=day, is_public=False)
    RegionalEvent.objects.create(
        title="Региональная конференция",
        kind=EventKind.CONFERENCE,
        starts_on=day.date(),
        ends_on=day.date(),
        organiser="ЛОИРО",
    )
    body = host_client(muni_a, methodologist_a).get(f"/admin/event_admin/calendar/?month={day:%Y-%m}").content.decode()
    assert "Закрытое совещание методистов" in body and "Региональная конференция" in body
    assert "для сотрудников" in body and "entry-regional" in body


def test_cancel_and_propose_screens(muni_a, methodologist_a, host_client):
    from unified_calendar.models import ProposalStatus, RegionalEventProposal

    with tenant_context(muni_a):
        event = make_event(title="Муниципальная НПК «Шаг в науку»", kind=EventKind.RESEARCH_CONFERENCE)
    client = host_client(muni_a, methodologist_a)
    response = client.post(f"/admin/event_admin/{event.pk}/propose/", {"note": "Участвуют 5 районов."})
    assert response.status_code == 302
    proposal = RegionalEventProposal.objects.get(municipality=muni_a, event_id=event.pk)
    assert proposal.status == ProposalStatus.PENDING and proposal.note == "Участвуют 5 районов."
    assert proposal.url.endswith(f"/events/{event.pk}/")
    again = client.post(f"/admin/event_admin/{event.pk}/propose/", {"note": ""})
    assert "уже предложено" in again.content.decode()
    empty = client.post(f"/admin/event_admin/{event.pk}/cancel/", {"reason": ""})
    assert "Требуется заполнить это поле." in empty.content.decode()
    client.post(f"/admin/event_admin/{event.pk}/cancel/", {"reason": "Перенос на весну"})
    with tenant_context(muni_a):
        assert Event.objects.get(pk=event.pk).cancel_reason == "Перенос на весну"


def test_organiser_adds_a_participant_from_a_paper_list(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        event = make_event(title="Заседание ГМО", capacity=1, starts_at=timezone.now() - datetime.timedelta(hours=1))
    client = host_client(muni_a, methodologist_a)
    url = f"/admin/event_admin/{event.pk}/registrations/"
    bad = client.post(url, {"action": "add", "full_name": "", "email": "nope"})
    assert bad.status_code == 400 and "Требуется заполнить это поле." in bad.content.decode()
    client.post(url, {"action": "add", "full_name": "Орлов Олег", "email": "orlov@example.test"})
    client.post(url, {"action": "add", "full_name": "Второй", "email": "second@example.test"})
    duplicate = client.post(url, {"action": "add", "full_name": "Орлов", "email": "ORLOV@example.test"})
    assert "уже есть регистрация" in duplicate.content.decode()
    with tenant_context(muni_a):
        statuses = dict(Registration.objects.filter(event=event).values_list("email", "status"))
    assert statuses == {"orlov@example.test": RegistrationStatus.CONFIRMED, "second@example.test": "waitlisted"}
    assert AuditEntry.objects.filter(action="event_registration.add", actor=methodologist_a).count() == 2


def test_a_guest_named_like_a_formula_is_text_in_the_participants_xlsx(muni_a, methodologist_a, host_client):
    formula = '=HYPERLINK("http://x","y")'
    with tenant_context(muni_a):
        event = make_event(title="Семинар")
        registration_create(
            event=event, acting_user=None, full_name=formula, organisation_name="+1+cmd", email="g@x.test"
        )
    export = host_client(muni_a, methodologist_a).get(f"/admin/event_admin/{event.pk}/registrations.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    name, organisation = sheet.cell(row=5, column=2), sheet.cell(row=5, column=3)
    assert (name.value, name.data_type, name.quotePrefix) == (formula, "s", True)
    assert (organisation.value, organisation.data_type, organisation.quotePrefix) == ("+1+cmd", "s", True)


def test_contest_participants_export_writes_text(muni_a, methodologist_a, host_client):
    formula = "@SUM(1+1)*cmd|' /C calc'!A0"
    with tenant_context(muni_a):
        event = make_event(title="Олимпиада", kind=EventKind.OLYMPIAD)
        ContestParticipant.objects.create(event=event, full_name=formula)
    client = host_client(muni_a, methodologist_a)
    xlsx = client.get("/admin/contest_participants/?export=xlsx")
    cell = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)
    exported = b"".join(client.get("/admin/contest_participants/?export=csv").streaming_content).decode()
    assert list(csv.reader(exported.splitlines()))[1][0] == "'" + formula
