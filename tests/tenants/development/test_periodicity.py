"""The three-year rule (273-ФЗ art. 47): due dates and statuses at the edges, in Python and SQL alike."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context

from tenants.development.periodicity import PdStatus, pd_due_date, pd_status, years_after
from tenants.development.rollups import development_counts
from tenants.development.selectors import pd_summary, teacher_pd_list
from tests.tenants.development.factories import CourseRecordFactory
from tests.tenants.people.factories import TeacherFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2023, 3, 10), 3, D(2026, 3, 10)),
        (D(2024, 2, 29), 3, D(2027, 2, 28)),  # no 29 February in 2027
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2023, 12, 31), 1, D(2024, 12, 31)),
    ],
)
def test_years_after(day, years, expected):
    assert years_after(day, years) == expected


def test_due_date_counts_from_the_last_course_else_from_teaching_since():
    assert pd_due_date(last_course_end=D(2022, 6, 30), teaching_since=D(2001, 9, 1)) == D(2025, 6, 30)
    assert pd_due_date(last_course_end=None, teaching_since=D(2024, 9, 1)) == D(2027, 9, 1)
    assert pd_due_date(last_course_end=None, teaching_since=None) is None


@pytest.mark.parametrize(
    ("due", "on", "expected"),
    [
        (D(2026, 3, 10), D(2026, 3, 10), PdStatus.DUE_SOON),  # exactly three years: still in time
        (D(2026, 3, 10), D(2026, 3, 11), PdStatus.OVERDUE),  # the day after
        (D(2027, 3, 10), D(2026, 3, 10), PdStatus.DUE_SOON),  # exactly twelve months ahead
        (D(2027, 3, 11), D(2026, 3, 10), PdStatus.UP_TO_DATE),
        (D(2025, 2, 28), D(2024, 2, 29), PdStatus.DUE_SOON),  # twelve months from 29 February
        (D(2025, 3, 1), D(2024, 2, 29), PdStatus.UP_TO_DATE),
        (None, D(2026, 1, 1), PdStatus.OVERDUE),
    ],
)
def test_status_edges(due, on, expected):
    assert pd_status(due_date=due, on=on) == expected


EDGE_CASES = [
    # (last course end, teaching since, today, expected)
    (D(2023, 3, 10), D(2000, 9, 1), D(2026, 3, 10), PdStatus.DUE_SOON),
    (D(2023, 3, 10), D(2000, 9, 1), D(2026, 3, 11), PdStatus.OVERDUE),
    (D(2024, 2, 29), D(2000, 9, 1), D(2027, 2, 28), PdStatus.DUE_SOON),
    (D(2024, 2, 29), D(2000, 9, 1), D(2027, 3, 1), PdStatus.OVERDUE),
    (D(2024, 2, 29), D(2000, 9, 1), D(2026, 2, 27), PdStatus.UP_TO_DATE),
    (D(2024, 2, 29), D(2000, 9, 1), D(2026, 2, 28), PdStatus.DUE_SOON),
    (None, D(2025, 9, 1), D(2026, 3, 1), PdStatus.UP_TO_DATE),  # a newcomer has three years
    (None, D(2020, 9, 1), D(2026, 3, 1), PdStatus.OVERDUE),
    (None, None, D(2026, 3, 1), PdStatus.OVERDUE),  # nothing known: the service must look
]


@pytest.mark.parametrize(("last_end", "since", "on", "expected"), EDGE_CASES)
def test_database_agrees_with_python_at_the_edges(muni_a, last_end, since, on, expected):
    with tenant_context(muni_a):
        teacher = TeacherFactory(teaching_since=since)
        if last_end is not None:
            CourseRecordFactory(teacher=teacher, end_date=last_end - datetime.timedelta(days=400))
            CourseRecordFactory(teacher=teacher, end_date=last_end)
        python = pd_status(due_date=pd_due_date(last_course_end=last_end, teaching_since=since), on=on)
        row = teacher_pd_list(on=on).get(pk=teacher.pk)
        counts = development_counts([muni_a], on=on)[muni_a.pk]
    assert python == expected
    assert row.pd_status == expected and row.last_course_end == last_end
    assert counts["teachers_total"] == 1
    assert counts[f"pd_{expected.value}"] == 1


def test_list_filters_by_status_organisation_and_subject(muni_a):
    from tests.tenants.organisations.factories import OrganisationFactory
    from tests.tenants.people.factories import SubjectFactory

    on = D(2026, 3, 1)
    with tenant_context(muni_a):
        school, other = OrganisationFactory(), OrganisationFactory()
        maths = SubjectFactory(name="Математика")
        late = TeacherFactory(organisation=school, subjects=[maths])
        CourseRecordFactory(teacher=late, end_date=D(2022, 1, 10))
        fine = TeacherFactory(organisation=school)
        CourseRecordFactory(teacher=fine, end_date=D(2025, 6, 1))
        elsewhere = TeacherFactory(organisation=other, subjects=[maths], teaching_since=None)

        overdue = {t.pk for t in teacher_pd_list(on=on, status=PdStatus.OVERDUE)}
        assert overdue == {late.pk, elsewhere.pk}
        assert {t.pk for t in teacher_pd_list(on=on, organisation_id=school.pk)} == {late.pk, fine.pk}
        assert {t.pk for t in teacher_pd_list(on=on, subject_id=maths.pk, status=PdStatus.OVERDUE)} == {
            late.pk,
            elsewhere.pk,
        }
        assert pd_summary(on=on) == pd_summary(on=on).__class__(total=3, up_to_date=1, due_soon=0, overdue=2)
