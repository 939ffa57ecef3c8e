"""Mentorships: the status rule, the young-teacher rule, flags, the school's attendance, audit and roll-up."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.mentoring.models import MentorshipStatus
from tenants.mentoring.selectors import young_teacher_list, young_teachers_without_mentor
from tenants.mentoring.services import (
    mentorship_update,
    school_attendance_set,
    school_programme_create,
    school_session_create,
)
from tests.tenants.mentoring.factories import mentorship, young_teacher
from tests.tenants.people.factories import TeacherFactory

M = MentorshipStatus


def test_young_teachers_without_an_active_mentor_are_flagged(muni_a):
    with tenant_context(muni_a):
        covered, planned, alone = young_teacher(), young_teacher(), young_teacher()
        TeacherFactory()  # an experienced teacher is never flagged
        mentorship(mentee=covered)
        mentorship(mentee=planned, status=M.PLANNED)
        flagged = set(young_teachers_without_mentor())
        assert flagged == {planned, alone}
        assert set(young_teacher_list(with_mentor=True)) == {covered}


def test_the_edge_of_three_years(muni_a):
    today = timezone.localdate()
    three_years_ago = today.replace(year=today.year - 3)
    with tenant_context(muni_a):
        exactly = TeacherFactory(teaching_since=three_years_ago)
        a_day_less = TeacherFactory(teaching_since=three_years_ago + datetime.timedelta(days=1))
        assert set(young_teacher_list()) == {a_day_less}
        assert exactly not in young_teacher_list()


def test_status_rule_and_result(muni_a):
    with tenant_context(muni_a):
        pair = mentorship(status=M.PLANNED)
        with pytest.raises(ValidationError, match="Нельзя перевести"):
            mentorship_update(
                mentorship=pair, status=M.COMPLETED, ends_on=timezone.localdate(), result="Итог", acting_user=None
            )
        pair.refresh_from_db()
        mentorship_update(mentorship=pair, status=M.ACTIVE, acting_user=None)
        with pytest.raises(ValidationError) as error:
            mentorship_update(mentorship=pair, status=M.COMPLETED, acting_user=None)
        assert set(error.value.message_dict) == {"result", "ends_on"}
        pair.refresh_from_db()
        done = mentorship_update(
            mentorship=pair,
            status=M.COMPLETED,
            ends_on=timezone.localdate(),
            result="Провела открытый урок",
            acting_user=None,
        )
        assert done.status == M.COMPLETED
        assert AuditEntry.objects.filter(action="mentorship.update", municipality=muni_a).count() == 2


def test_one_active_mentor_and_only_for_young_teachers(muni_a):
    with tenant_context(muni_a):
        mentee = young_teacher()
        mentorship(mentee=mentee)
        with pytest.raises(ValidationError, match="уже есть действующий наставник"):
            mentorship(mentee=mentee)
        with pytest.raises(ValidationError, match="стаж должен быть меньше трёх лет"):
            mentorship(mentee=TeacherFactory())
        same = young_teacher()
        with pytest.raises(ValidationError, match="разными людьми"):
            mentorship(mentee=same, mentor=same)


def test_attendance_only_for_participants(muni_a):
    year = AcademicYear.current()
    with tenant_context(muni_a):
        listener, outsider = young_teacher(), young_teacher()
        programme = school_programme_create(academic_year=year, participants=[listener], acting_user=None)
        session = school_session_create(
            programme=programme, date=year.first_day, topic="Целеполагание урока", acting_user=None
        )
        with pytest.raises(ValidationError, match="Не участники школы"):
            school_attendance_set(session=session, attendees=[listener, outsider], acting_user=None)
        school_attendance_set(session=session, attendees=[listener], acting_user=None)
        assert list(session.attendees.all()) == [listener]
        with pytest.raises(ValidationError, match="учебный год программы"):
            school_session_create(
                programme=programme, date=year.last_day + datetime.timedelta(days=1), topic="x", acting_user=None
            )
    assert AuditEntry.objects.filter(action="young_teacher_school.attendance").exists()


def test_roll_up_moves_with_each_change_and_the_rebuild_agrees(muni_a, muni_b):
    year = AcademicYear.current().label
    columns = ("young_teachers", "young_teachers_with_mentor", "mentorships_active")
    with tenant_context(muni_a):
        covered, _alone = young_teacher(), young_teacher()
        pair = mentorship(mentee=covered)
        second = mentorship(status=M.PLANNED)  # its mentee is a third young teacher
    row = MunicipalityYearRollup.objects.filter(municipality=muni_a, academic_year=year)
    assert row.values_list(*columns).get() == (3, 1, 1)
    with tenant_context(muni_a):
        mentorship_update(mentorship=second, status=M.ACTIVE, acting_user=None)
        mentorship_update(mentorship=pair, status=M.TERMINATED, ends_on=timezone.localdate(), acting_user=None)
    assert row.values_list(*columns).get() == (3, 1, 1)
    with tenant_context(muni_b):
        mentorship()
    MunicipalityYearRollup.objects.update(young_teachers=0, mentorships_active=42)
    rollups_rebuild(names=["mentoring"])
    assert row.values_list(*columns).get() == (3, 1, 1)
    assert MunicipalityYearRollup.objects.filter(municipality=muni_b, academic_year=year).values_list(
        *columns
    ).get() == (
        1,
        1,
        1,
    )
