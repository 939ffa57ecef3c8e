"""Region observers reading names in a municipality's own admin: logged, or not granted at all.

On the region host the institute's drill-down logs every read of a municipality's names. In A's
admin, institute staff and the committee read through A's observer group: a plan's responsible
persons and a practice's authors are logged the same way (one row per screen answered, naming
the municipality, the screen and, by its address, the object), while A's own staff read them
unlogged; contest participants are not granted to observers at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from institute.models import AccessLogEntry
from tenants.event_vocabulary import EventKind
from tenants.events.models import ContestParticipant
from tenants.plans.services import plan_item_create
from tests.tenants.events.factories import make_event
from tests.tenants.plans.conftest import draft_plan, item_fields
from tests.tenants.practices.factories import PracticeFactory

RESPONSIBLE = "Ответственная Мария Петровна"
PARTICIPANT = "Участница Анна Сергеевна"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


@pytest.fixture
def a_data(muni_a):
    with tenant_context(muni_a):
        plan = draft_plan(items=1)
        item = plan_item_create(
            plan=plan, acting_user=None, skip_permission_checks=True, **item_fields(responsible_text=RESPONSIBLE)
        )
        practice = PracticeFactory()
        author = practice.authors.get()
        contest = make_event(title="Педагог года", kind=EventKind.CONTEST)
        participant = ContestParticipant.objects.create(event=contest, full_name=PARTICIPANT)
    return {"plan": plan, "item": item, "practice": practice, "author": author, "participant": participant}


def _names_screens(a_data) -> list[tuple[str, str, str]]:
    """(address, access-log section, a name the screen shows)."""
    plan, practice, author = a_data["plan"], a_data["practice"], a_data["author"]
    return [
        (f"/admin/plan/{plan.pk}/", "admin:plan", RESPONSIBLE),
        (f"/admin/plan/{plan.pk}/item/{a_data['item'].pk}/", "admin:plan", RESPONSIBLE),
        (f"/admin/practices/inspect/{practice.pk}/", "admin:practices", author.last_name),
        ("/admin/practices/", "admin:practices", ""),
    ]


def _log(user) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user=user).order_by("created_at", "pk"))


@pytest.mark.parametrize("name", ["head_a", "methodologist_a", "chair_a"])
def test_the_municipalitys_own_staff_read_names_unlogged(name, person, host_client, muni_a, a_data):
    user = person(name)
    client = host_client(muni_a, user)
    for path, _section, shown in _names_screens(a_data):
        if name == "chair_a" and "/item/" in path:
            continue  # the chair approves the plan; item forms are the editors'
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert shown in response.content.decode()
    participants = client.get("/admin/contest_participants/")
    assert participants.status_code == 200 and PARTICIPANT in participants.content.decode()
    assert AccessLogEntry.objects.count() == 0


@pytest.mark.parametrize("name", ["institute", "committee"])
def test_an_observers_reads_of_names_are_logged_one_row_per_screen(name, person, host_client, muni_a, a_data):
    user = person(name)
    client = host_client(muni_a, user)
    screens = [s for s in _names_screens(a_data) if "/item/" not in s[0]]  # item forms are the editors'
    for path, _section, shown in screens:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert shown in response.content.decode()
    entries = _log(user)
    assert [(e.section, e.path) for e in entries] == [(section, path) for path, section, _shown in screens]
    assert all(e.municipality_id == muni_a.pk and e.personal_data and e.user_email == user.email for e in entries)
    # Screens without names (the events list, the directions) are not logged.
    assert client.get("/admin/event_admin/").status_code == 200
    assert client.get("/admin/plan_directions/").status_code == 200
    assert len(_log(user)) == len(screens)


@pytest.mark.parametrize("name", ["institute", "committee"])
def test_observers_are_not_granted_contest_participants(name, person, host_client, muni_a, a_data):
    client = host_client(muni_a, person(name))
    participant = a_data["participant"]
    for path in (
        "/admin/contest_participants/",
        f"/admin/contest_participants/edit/{participant.pk}/",
        "/admin/contest_participants/?export=xlsx",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403), (path, response.status_code)
        assert PARTICIPANT.encode() not in response.content
    assert "contest_participants" not in client.get("/admin/").content.decode()


def test_an_observer_who_is_also_on_the_staff_reads_as_staff(make_user, host_client, muni_a, a_data):
    from accounts.models import Role
    from accounts.services import role_grant

    user = make_user(Role.INSTITUTE, None)
    role_grant(user=user, role=Role.METHODOLOGIST, municipality=muni_a, acting_user=None)
    client = host_client(muni_a, user)
    assert client.get(f"/admin/plan/{a_data['plan'].pk}/").status_code == 200
    assert _log(user) == []


def test_an_observers_failed_or_refused_read_is_not_logged(institute_user, host_client, muni_a, a_data):
    client = host_client(muni_a, institute_user)
    assert client.get("/admin/plan/999999/").status_code == 404
    assert client.get(f"/admin/plan/{a_data['plan'].pk}/item/new/").status_code in (302, 403)
    assert _log(institute_user) == []
