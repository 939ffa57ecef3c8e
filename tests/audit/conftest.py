"""Audit entries in A, in B and in the region, and people of every role to read them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEntry
from audit.services import audit_record
from tenants.municipalities.models import Municipality

# (name, role, which municipality: "a", "b" or None for a region role).
ROLE_CASES = {
    "institute": (Role.INSTITUTE, None),
    "committee": (Role.COMMITTEE, None),
    "operator": (Role.OPERATOR, None),
    "head_a": (Role.HEAD, "a"),
    "methodologist_a": (Role.METHODOLOGIST, "a"),
    "chair_a": (Role.CHAIR, "a"),
    "teacher_a": (Role.TEACHER, "a"),
    "head_b": (Role.HEAD, "b"),
}


@pytest.fixture
def person(make_user: Callable[..., User], muni_a: Municipality, muni_b: Municipality) -> Callable[[str], User]:
    """``person("head_a")``: one user per role name, made on first use."""
    places = {"a": muni_a, "b": muni_b, None: None}
    made: dict[str, User] = {}

    def get(name: str) -> User:
        if name not in made:
            role, place = ROLE_CASES[name]
            made[name] = make_user(role, places[place], email=f"{name}@audit.example.test", last_name=name)
        return made[name]

    return get


def entry_at(entry: AuditEntry, when: datetime.datetime) -> AuditEntry:
    """Move an entry in time (``created_at`` is set on insert)."""
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    entry.refresh_from_db()
    return entry


@dataclass
class Entries:
    a: AuditEntry
    b: AuditEntry
    region: AuditEntry


@pytest.fixture
def entries(person: Callable[[str], User], muni_a: Municipality, muni_b: Municipality) -> Entries:
    """One entry in A by its methodologist, one in B by its head, one in the region by the operator,
    and nothing else: everyone is made first and the log emptied (inside the test's transaction)."""
    for name in ROLE_CASES:
        person(name)
    AuditEntry.objects.all().delete()
    now = timezone.now()
    a = audit_record(
        action="teacher.update",
        acting_user=person("methodologist_a"),
        municipality=muni_a,
        target="teacher#1: Секретова Анна",
        data={"id": 1, "fields": ["position"]},
    )
    b = audit_record(
        action="organisation.create",
        acting_user=person("head_b"),
        municipality=muni_b,
        target="organisation#7: Бетонная школа",
        data={"id": 7},
    )
    region = audit_record(
        action="regional_news.create", acting_user=person("operator"), target="Региональная новость", data={"id": 3}
    )
    return Entries(
        a=entry_at(a, now - datetime.timedelta(minutes=3)),
        b=entry_at(b, now - datetime.timedelta(minutes=2)),
        region=entry_at(region, now - datetime.timedelta(minutes=1)),
    )
