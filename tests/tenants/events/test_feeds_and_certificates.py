"""iCalendar feeds read back with the icalendar library; the certificate's PDF read back with pypdf."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar
from pypdf import PdfReader

from accounts.models import Role
from tenants.events.models import Registration, RegistrationStatus
from tenants.events.services import (
    event_cancel,
    feed_token_get_or_create,
    registration_attendance_mark,
    registration_create,
)
from tests.tenants.events.factories import in_days, make_event

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_municipal_feed_has_public_events_of_the_window_with_stable_uids(muni_a, host_client):
    with tenant_context(muni_a):
        shown = make_event(title="Открытый семинар", starts_at=in_days(10, hour=15))
        make_event(title="Совещание методистов", is_public=False)
        make_event(title="Давнее", starts_at=in_days(-100))
        make_event(title="Через год с лишним", starts_at=in_days(380))
        cancelled = make_event(title="Отменённое")
        event_cancel(event=cancelled, reason="Болезнь ведущего", acting_user=None)
    client = host_client(muni_a)
    calendar = parse(client.get("/events/feed.ics"))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Открытый семинар", "Отменённое"}
    entry = events["Открытый семинар"]
    assert str(entry["UID"]) == f"event-{shown.pk}@{muni_a.schema_name}.lenobl.localhost"
    assert str(entry["URL"]) == f"http://{muni_a.default_hostname}/events/{shown.pk}/"
    assert entry["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert entry.start == shown.starts_at and entry.start.hour == 15
    assert str(events["Отменённое"]["STATUS"]) == "CANCELLED"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Moscow"]
    again = parse(client.get("/events/feed.ics"))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events.values())


def test_personal_feed_by_secret_token_only_in_its_municipality(muni_a, muni_b, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    make_user(Role.TEACHER, muni_b, email="other@example.test")
    with tenant_context(muni_a):
        mine = make_event(title="Моё мероприятие")
        make_event(title="Чужое мероприятие")
        registration_create(event=mine, acting_user=teacher)
        token = feed_token_get_or_create(user=teacher).token
    assert len(token) >= 40
    calendar = parse(host_client(muni_a).get(f"/events/my/{token}/calendar.ics"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Моё мероприятие"]
    # The same token means nothing on another municipality's host, nor a guessed one here.
    assert host_client(muni_b).get(f"/events/my/{token}/calendar.ics").status_code == 404
    assert host_client(muni_a).get(f"/events/my/{token[:-1]}x/calendar.ics").status_code == 404
    assert host_client(muni_a).get("/events/my/short/calendar.ics").status_code == 404
    with tenant_context(muni_a):
        renewed = feed_token_get_or_create(user=teacher, renew=True).token
    assert renewed != token
    assert host_client(muni_a).get(f"/events/my/{token}/calendar.ics").status_code == 404
    assert host_client(muni_a).get(f"/events/my/{renewed}/calendar.ics").status_code == 200


def test_my_events_page_issues_the_feed_address(muni_a, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    client = host_client(muni_a, teacher)
    assert "Получить адрес личного календаря" in client.get("/events/my/").content.decode()
    client.post("/events/my/")
    body = client.get("/events/my/").content.decode()
    assert f"http://{muni_a.default_hostname}/events/my/" in body and "calendar.ics" in body
    assert host_client(muni_a).get("/events/my/").status_code == 302  # sign in first


def test_certificate_of_an_attendee_names_municipality_event_date_and_hours(muni_a, muni_b, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a, first_name="Анна", last_name="Смирнова")
    starts = (timezone.localtime() - datetime.timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    with tenant_context(muni_a):
        event = make_event(
            title="Педагогическая мастерская", starts_at=starts, ends_at=starts + datetime.timedelta(hours=4)
        )
        registration = Registration.objects.create(
            event=event,
            user=teacher,
            full_name="Смирнова Анна",
            email=teacher.email,
            status=RegistrationStatus.CONFIRMED,
        )
        absent = Registration.objects.create(
            event=event, full_name="Не пришёл", email="absent@example.test", status=RegistrationStatus.CONFIRMED
        )
    client = host_client(muni_a)
    assert client.get(f"/events/registration/{registration.secret}/certificate/").status_code == 404
    with tenant_context(muni_a):
        registration_attendance_mark(registration=registration, attended=True, acting_user=None)
    response = client.get(f"/events/registration/{registration.secret}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert muni_a.name.upper() in text.upper()  # the heading is set in capitals
    assert "Педагогическая мастерская" in text and "Смирнова Анна" in text
    assert f"{starts.day} {MONTHS_GENITIVE[starts.month - 1]} {starts.year}" in text
    assert "Объём: 4,0 ч." in text
    assert client.get(f"/events/registration/{absent.secret}/certificate/").status_code == 404
    # The secret means nothing on another municipality's host.
    assert host_client(muni_b).get(f"/events/registration/{registration.secret}/certificate/").status_code == 404
