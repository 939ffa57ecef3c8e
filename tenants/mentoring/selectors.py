"""Reads of mentoring and the young teacher school, in the schema in use (personal data: staff only)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from tenants.mentoring.models import Mentorship, MentorshipMeeting, MentorshipStatus, SchoolProgramme, SchoolSession
from tenants.people.models import Teacher
from tenants.people.selectors import teacher_young_q

VIEW_PERMISSION = "mentoring.view_mentorship"


def _active_mentorship_of(teacher_ref: OuterRef) -> Exists:
    return Exists(Mentorship.objects.filter(mentee=teacher_ref, status=MentorshipStatus.ACTIVE))


def young_teacher_list(*, with_mentor: bool | None = None, on: datetime.date | None = None) -> QuerySet[Teacher]:
    """Young teachers (under three years of teaching on ``on``, today), flagged by whether an
    active mentorship covers them; ``with_mentor=False`` gives the ones to find a mentor for."""
    qs = (
        Teacher.objects.filter(teacher_young_q(on))
        .select_related("organisation")
        .annotate(has_mentor=_active_mentorship_of(OuterRef("pk")))
    )
    if with_mentor is True:
        qs = qs.filter(has_mentor=True)
    elif with_mentor is False:
        qs = qs.filter(has_mentor=False)
    return qs.order_by("last_name", "first_name", "middle_name", "pk")


def young_teachers_without_mentor(*, on: datetime.date | None = None) -> QuerySet[Teacher]:
    return young_teacher_list(with_mentor=False, on=on)


def mentorship_list(*, status: str | None = None, mentee_id: int | None = None) -> QuerySet[Mentorship]:
    qs = Mentorship.objects.select_related("mentor__organisation", "mentee__organisation")
    if status:
        qs = qs.filter(status=status)
    if mentee_id is not None:
        qs = qs.filter(mentee_id=mentee_id)
    return qs.order_by("-starts_on", "-pk")


def active_mentors_by_mentee(teacher_ids: list[int]) -> dict[int, Teacher]:
    """The active mentor of each of these teachers who has one."""
    rows = Mentorship.objects.filter(mentee_id__in=teacher_ids, status=MentorshipStatus.ACTIVE).select_related("mentor")
    return {m.mentee_id: m.mentor for m in rows}


def school_programme_list() -> QuerySet[SchoolProgramme]:
    return SchoolProgramme.objects.annotate(
        sessions_count=Count("sessions", distinct=True), participants_count=Count("participants", distinct=True)
    ).order_by("-academic_year")


def school_programme_get(*, academic_year: int) -> SchoolProgramme | None:
    return SchoolProgramme.objects.filter(academic_year=academic_year).first()


def school_session_list(*, programme: SchoolProgramme) -> QuerySet[SchoolSession]:
    return (
        programme.sessions.select_related("event")
        .annotate(attended=Count("attendees"))
        .prefetch_related(Prefetch("attendees", queryset=Teacher.objects.order_by("last_name", "first_name")))
        .order_by("date", "pk")
    )


def school_attendance_rate(*, programme: SchoolProgramme, held_before: datetime.date | None = None) -> float | None:
    """Share of participant-sessions attended, over the sessions held (dated before ``held_before``)."""
    sessions = programme.sessions.all()
    if held_before is not None:
        sessions = sessions.filter(date__lt=held_before)
    held = sessions.count()
    participants = programme.participants.count()
    if not held or not participants:
        return None
    attended = SchoolSession.attendees.through.objects.filter(
        schoolsession__in=sessions, teacher__in=programme.participants.all()
    ).count()
    return attended / (held * participants)


def mentorship_counts() -> dict[str, int]:
    rows = Mentorship.objects.values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in MentorshipStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s calendar quarter."""
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def mentorships_without_meeting(*, on: datetime.date) -> QuerySet[Mentorship]:
    """Active pairs with no meeting from the start of ``on``'s quarter to ``on`` (issue 21: the
    methodologist's home), those started this quarter included: a pair meets from its start."""
    met = MentorshipMeeting.objects.filter(mentorship=OuterRef("pk"), date__gte=quarter_start(on), date__lte=on)
    return Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).exclude(Exists(met))


def mentorship_meeting_list(*, mentorship_id: int | None = None) -> QuerySet[MentorshipMeeting]:
    qs = MentorshipMeeting.objects.select_related("mentorship__mentor", "mentorship__mentee")
    if mentorship_id is not None:
        qs = qs.filter(mentorship_id=mentorship_id)
    return qs.order_by("-date", "-pk")
