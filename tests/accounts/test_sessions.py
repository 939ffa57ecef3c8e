"""Staff sessions end after a working day without a request; teachers keep the default.

The clock is moved with time-machine (the clock is outside the system): the session, its stored
time of the last request and the database's expiry all see the same time.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.models import Role
from tests.conftest import PASSWORD

IDLE = settings.STAFF_SESSION_IDLE_TIMEOUT


def _signed_in_client(host_client, municipality, user):
    client = host_client(municipality)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/cabinet/"
    return client


@pytest.mark.parametrize(
    ("role", "place"), [(Role.METHODOLOGIST, "a"), (Role.HEAD, "a"), (Role.CHAIR, "a"), (Role.INSTITUTE, None)]
)
def test_a_staff_session_idle_past_a_working_day_is_signed_out(make_user, muni_a, host_client, role, place):
    municipality = muni_a if place else None
    person = make_user(role, municipality)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = _signed_in_client(host_client, municipality, person)
        assert client.get("/cabinet/").status_code == 200

        clock.shift(IDLE + dt.timedelta(minutes=1))
        response = client.get("/cabinet/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session
        login_page = client.get(response["Location"]).content.decode()
        assert "Сеанс завершён после долгого перерыва в работе" in login_page


def test_an_active_staff_session_lasts_beyond_a_working_day(make_user, muni_a, host_client):
    head = make_user(Role.HEAD, muni_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = _signed_in_client(host_client, muni_a, head)
        for _ in range(4):  # 4 × 9 hours of work with requests in between: 36 hours signed in
            assert client.get("/cabinet/").status_code == 200
            clock.shift(IDLE - dt.timedelta(hours=1))
        assert client.get("/cabinet/").status_code == 200
        assert client.session["_auth_user_id"] == str(head.pk)


def test_the_last_request_is_written_at_most_once_in_ten_minutes(make_user, muni_a, host_client):
    head = make_user(Role.HEAD, muni_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = _signed_in_client(host_client, muni_a, head)
        client.get("/cabinet/")
        key = client.session.session_key

        def stored() -> str:
            return Session.objects.get(session_key=key).session_data

        before = stored()
        clock.shift(settings.STAFF_SESSION_RENEW_AFTER - dt.timedelta(seconds=1))
        client.get("/cabinet/")
        assert stored() == before  # no write for this request
        clock.shift(dt.timedelta(seconds=2))
        client.get("/cabinet/")
        assert stored() != before


def test_a_teacher_keeps_the_default_session(make_user, muni_a, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = _signed_in_client(host_client, muni_a, teacher)
        assert client.get("/cabinet/").status_code == 200
        clock.shift(IDLE * 3)
        assert client.get("/cabinet/").status_code == 200
        assert client.session["_auth_user_id"] == str(teacher.pk)


def test_a_staff_session_opened_without_the_login_form_times_out_too(make_user, muni_a, host_client):
    """force_login (as tests and any other sign-in path do) gets the same rule: decided by roles."""
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = host_client(muni_a, methodologist)
        assert client.get("/admin/").status_code == 200
        clock.shift(IDLE)
        assert client.get("/admin/").status_code == 302
        assert "_auth_user_id" not in client.session
