"""Young teachers and mentorships; build inside a municipality's schema."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tenants.mentoring.models import Mentorship, MentorshipStatus
from tenants.mentoring.services import mentorship_create
from tenants.people.models import Teacher
from tests.tenants.people.factories import TeacherFactory


def young_teacher(**fields: Any) -> Teacher:
    """A teacher who started a year ago: young for two more years."""
    fields.setdefault("teaching_since", timezone.localdate() - datetime.timedelta(days=365))
    return TeacherFactory(**fields)


def mentorship(*, mentee: Teacher | None = None, status: str = MentorshipStatus.ACTIVE, **fields: Any) -> Mentorship:
    return mentorship_create(
        mentor=fields.pop("mentor", None) or TeacherFactory(),
        mentee=mentee or young_teacher(),
        starts_on=fields.pop("starts_on", timezone.localdate() - datetime.timedelta(days=30)),
        goals=fields.pop("goals", "Адаптация в коллективе, методика урока"),
        status=status,
        acting_user=fields.pop("acting_user", None),
        **fields,
    )
