"""Writes of mentoring and the young teacher school (002 §2.2, 004 §3.3.4; 000 §3.7, 001 §3.7).

Mentorships go through the audited actions (``tenants.mentoring.actions``: status rule, audit
row, roll-up). The school's programmes and sessions go through the generic audited actions;
attendance is its own service with its own audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.mentoring.models import (
    MeetingForm,
    Mentorship,
    MentorshipMeeting,
    MentorshipStatus,
    SchoolProgramme,
    SchoolSession,
)
from tenants.people.models import Teacher

MENTORSHIP_FIELDS = frozenset({"mentor", "mentee", "starts_on", "ends_on", "goals", "plan", "status", "result"})
SESSION_FIELDS = frozenset({"date", "topic", "form_of_work", "event"})


@transaction.atomic
def mentorship_create(
    *,
    mentor: Teacher,
    mentee: Teacher,
    starts_on: datetime.date,
    goals: str,
    acting_user: ActingUser,
    ends_on: datetime.date | None = None,
    plan: str = "",
    status: str = MentorshipStatus.PLANNED,
) -> Mentorship:
    """Pair a mentor with a young teacher (002 §2.2, 004 §3.3.4); raises ValidationError on bad input."""
    mentorship = Mentorship(
        mentor=mentor, mentee=mentee, starts_on=starts_on, ends_on=ends_on, goals=goals, plan=plan, status=status
    )
    mentorship.full_clean()
    return audited_create(mentorship, acting_user=acting_user)


@transaction.atomic
def mentorship_update(*, mentorship: Mentorship, acting_user: ActingUser, **fields: Any) -> Mentorship:
    """Change a mentorship, its status included (planned → active → completed, or terminated)."""
    unknown = set(fields) - MENTORSHIP_FIELDS
    if unknown:
        raise TypeError(f"not mentorship fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(mentorship, name, value)
    mentorship.full_clean()
    return audited_update(mentorship, acting_user=acting_user)


def mentorship_delete(*, mentorship: Mentorship, acting_user: ActingUser) -> None:
    audited_delete(mentorship, acting_user=acting_user)


@transaction.atomic
def mentorship_meeting_create(
    *,
    mentorship: Mentorship,
    date: datetime.date,
    acting_user: ActingUser,
    form: str = MeetingForm.CONSULTATION,
    notes: str = "",
) -> MentorshipMeeting:
    """Record a meeting of a pair, within its period (ValidationError otherwise); audited."""
    meeting = MentorshipMeeting(mentorship=mentorship, date=date, form=form, notes=notes)
    meeting.full_clean()
    return audited_create(meeting, acting_user=acting_user)


@transaction.atomic
def school_programme_create(
    *,
    academic_year: AcademicYear,
    acting_user: ActingUser,
    title: str = "Школа молодого педагога",
    goals: str = "",
    participants: Iterable[Teacher] = (),
) -> SchoolProgramme:
    programme = SchoolProgramme(academic_year=academic_year.start, title=title.strip(), goals=goals)
    programme.full_clean()
    programme = audited_create(programme, acting_user=acting_user)
    programme.participants.set(list(participants))
    return programme


@transaction.atomic
def school_programme_participants_set(
    *, programme: SchoolProgramme, participants: Iterable[Teacher], acting_user: ActingUser
) -> SchoolProgramme:
    chosen = list(participants)
    programme.participants.set(chosen)
    audit_record_municipal(
        action="young_teacher_school.participants",
        acting_user=acting_user,
        target=f"schoolprogramme#{programme.pk}: {programme}",
        data={"id": programme.pk, "participants": sorted(t.pk for t in chosen)},
    )
    return programme


@transaction.atomic
def school_session_create(
    *,
    programme: SchoolProgramme,
    date: datetime.date,
    topic: str,
    acting_user: ActingUser,
    form_of_work: str = "",
    event: Any = None,
) -> SchoolSession:
    session = SchoolSession(programme=programme, date=date, topic=topic.strip(), form_of_work=form_of_work, event=event)
    session.full_clean()
    return audited_create(session, acting_user=acting_user)


@transaction.atomic
def school_session_update(*, session: SchoolSession, acting_user: ActingUser, **fields: Any) -> SchoolSession:
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"not session fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    return audited_update(session, acting_user=acting_user)


def school_attendance_check(*, session: SchoolSession, attendees: Iterable[Teacher]) -> list[Teacher]:
    """Only the programme's participants can be marked present (001 §3.7: the school's listeners)."""
    chosen = list(attendees)
    allowed = set(session.programme.participants.values_list("pk", flat=True))
    outsiders = [t for t in chosen if t.pk not in allowed]
    if outsiders:
        raise ValidationError(
            {
                "attendees": _("Не участники школы: %(names)s. Сначала добавьте их в участники программы.")
                % {"names": ", ".join(t.full_name for t in outsiders)}
            },
            code="not_participant",
        )
    return chosen


@transaction.atomic
def school_attendance_set(
    *, session: SchoolSession, attendees: Iterable[Teacher], acting_user: ActingUser
) -> SchoolSession:
    """Mark who attended a session of the young teacher school."""
    chosen = school_attendance_check(session=session, attendees=attendees)
    session.attendees.set(chosen)
    audit_record_municipal(
        action="young_teacher_school.attendance",
        acting_user=acting_user,
        target=f"schoolsession#{session.pk}: {session}",
        data={"id": session.pk, "attendees": sorted(t.pk for t in chosen)},
    )
    return session
