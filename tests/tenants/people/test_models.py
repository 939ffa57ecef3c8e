"""A young teacher has taught for under three years (000, 001: the young teacher school)."""

from __future__ import annotations

import datetime

import pytest

from tenants.people.models import Teacher, young_teacher_threshold


@pytest.mark.parametrize(
    ("since", "on", "young"),
    [
        (datetime.date(2022, 9, 1), datetime.date(2025, 8, 31), True),
        (datetime.date(2022, 9, 1), datetime.date(2025, 9, 1), False),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 27), True),
        (datetime.date(2024, 2, 29), datetime.date(2027, 3, 1), False),
        (None, datetime.date(2025, 1, 1), False),
    ],
)
def test_is_young(since, on, young):
    assert Teacher(teaching_since=since).is_young(on) is young


def test_threshold_on_29_february():
    assert young_teacher_threshold(datetime.date(2028, 2, 29)) == datetime.date(2025, 2, 28)
