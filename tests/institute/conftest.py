"""People of every role, for the workspace's and the agreements' tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

import pytest

from accounts.models import Role, User
from tenants.municipalities.models import Municipality

# Every role a screen is tried against: (name, role, which municipality: "a", "b" or None).
ROLE_CASES = [
    ("institute", Role.INSTITUTE, None),
    ("committee", Role.COMMITTEE, None),
    ("operator", Role.OPERATOR, None),
    ("head_a", Role.HEAD, "a"),
    ("methodologist_a", Role.METHODOLOGIST, "a"),
    ("chair_a", Role.CHAIR, "a"),
    ("teacher_a", Role.TEACHER, "a"),
    ("head_b", Role.HEAD, "b"),
    ("methodologist_b", Role.METHODOLOGIST, "b"),
    ("chair_b", Role.CHAIR, "b"),
    ("teacher_b", Role.TEACHER, "b"),
]
WORKSPACE_READERS = {"institute", "committee"}


@pytest.fixture
def person(make_user: Callable[..., User], muni_a: Municipality, muni_b: Municipality) -> Callable[[str], User | None]:
    """``person("head_a")``: a user holding that role (None for "anonymous")."""
    places = {"a": muni_a, "b": muni_b, None: None}
    cases = {name: (role, place) for name, role, place in ROLE_CASES}
    made: dict[str, User] = {}

    def get(name: str) -> User | None:
        if name == "anonymous":
            return None
        if name not in made:
            role, place = cases[name]
            made[name] = make_user(role, places[place], first_name=name, last_name="Тестов")
        return made[name]

    return get


@pytest.fixture
def institute_user(person: Callable[[str], User | None]) -> User:
    user = person("institute")
    assert user is not None
    return user


@pytest.fixture
def committee_user(person: Callable[[str], User | None]) -> User:
    user = person("committee")
    assert user is not None
    return user


@pytest.fixture
def head_a(person: Callable[[str], User | None]) -> User:
    user = person("head_a")
    assert user is not None
    return user


@pytest.fixture
def agreement_fields() -> dict[str, object]:
    return {
        "number": "ТС-2025/01",
        "concluded_on": datetime.date(2025, 9, 1),
        "subject": "Научно-методическое сопровождение муниципальной методической службы",
        "term_from": datetime.date(2025, 9, 1),
        "term_to": datetime.date(2028, 8, 31),
        "municipality_responsible": "Иванова И. И., председатель комитета образования",
        "committee_responsible": "Петров П. П., заместитель председателя комитета",
        "institute_responsible": "Сидорова С. С., проректор ЛОИРО",
        "obligations": "ЛОИРО оказывает методическую помощь; ОМСУ предоставляет отчёты.",
    }


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks run in-process when sent (for tests of what they do, not of the worker)."""
    from metodika.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
