"""The region's development numbers: written with every change, and the rebuild agrees with them."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from rollups.models import CompetenceAreaRollup, MunicipalityYearRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.development.models import CourseFormat, DeficitStatus, DiagnosticInstrument, ResultLevel, StepStatus
from tenants.development.rollups import YEAR_COLUMNS, development_rollups_rebuild
from tenants.development.services import (
    ResultData,
    course_record_create,
    deficit_close,
    diagnostic_create,
    learning_route_build,
    route_step_mark_done,
)
from tests.tenants.development.factories import CourseRecordFactory, area
from tests.tenants.people.factories import TeacherFactory

TODAY = datetime.date.today


def _row(municipality):
    row = MunicipalityYearRollup.objects.get(municipality=municipality, academic_year=AcademicYear.current().label)
    return {column: getattr(row, column) for column in YEAR_COLUMNS}


def _areas(municipality):
    return {
        r.area_code: (r.teachers_with_deficit, r.deficits_open, r.deficits_closed)
        for r in CompetenceAreaRollup.objects.filter(municipality=municipality)
    }


def _diagnose(teacher, user, *codes):
    return diagnostic_create(
        acting_user=user,
        teacher=teacher,
        held_on=TODAY() - datetime.timedelta(days=30),
        instrument=DiagnosticInstrument.REGIONAL,
        instrument_name="Региональная диагностика",
        results=[ResultData(area=area(code), level=ResultLevel.INSUFFICIENT) for code in codes],
    )


def _fill(municipality, user):
    with tenant_context(municipality):
        recent, old = TeacherFactory(), TeacherFactory()
        TeacherFactory(teaching_since=TODAY())  # a newcomer: three years ahead
        TeacherFactory(teaching_since=None)
        CourseRecordFactory(teacher=old, end_date=TODAY() - datetime.timedelta(days=4 * 365))
        course_record_create(
            acting_user=user,
            teacher=recent,
            provider="ЛОИРО",
            programme="ФГОС",
            hours=72,
            format=CourseFormat.FULL_TIME,
            start_date=TODAY() - datetime.timedelta(days=40),
            end_date=TODAY() - datetime.timedelta(days=30),
        )
        _diagnose(recent, user, "digital", "assessment")
        _diagnose(old, user, "digital")
        route = learning_route_build(
            acting_user=user,
            teacher=recent,
            tutor=None,
            period_start=TODAY(),
            period_end=TODAY() + datetime.timedelta(days=90),
        )
        route_step_mark_done(step=route.steps.first(), acting_user=user)
        deficit_close(deficit=old.deficits.get(status=DeficitStatus.OPEN), acting_user=user)
    return route


def test_changes_write_the_roll_up_and_the_rebuild_agrees(muni_a, muni_b, methodologist_a, make_user):
    from accounts.models import Role

    _fill(muni_a, methodologist_a)
    _fill(muni_b, make_user(Role.METHODOLOGIST, muni_b))
    with tenant_context(muni_b):
        TeacherFactory()  # B differs from A
        # Written outside the services (as a bulk import would before its own refresh): drift.
        CourseRecordFactory(teacher=TeacherFactory(), end_date=TODAY())
    incremental_a = _row(muni_a)
    assert incremental_a == {
        "teachers_total": 4,
        "pd_up_to_date": 2,  # the recent course, the newcomer
        "pd_due_soon": 0,
        "pd_overdue": 2,  # four years ago; nothing known
        "teachers_diagnosed": 2,
        "deficits_open": 2,
        "routes_total": 1,
        "routes_completed": 0,
        "route_steps_total": 2,
        "route_steps_done": 1,
    }
    assert _areas(muni_a)["digital"] == (1, 1, 1) and _areas(muni_a)["assessment"] == (1, 1, 0)
    areas_a = _areas(muni_a)

    with CaptureQueriesContext(connection) as captured:
        rollups_rebuild(names=["development"])
    reads = [q for q in captured.captured_queries if "UNION ALL" in q["sql"]]
    assert len(reads) == 2  # the year columns and the areas, each one query over every schema
    assert _row(muni_a) == incremental_a
    assert _areas(muni_a) == areas_a
    assert _row(muni_b)["teachers_total"] == 6 and _row(muni_b)["pd_up_to_date"] == 3


def test_overdue_moves_with_the_calendar_only_through_the_rebuild(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        course_record_create(
            acting_user=methodologist_a,
            teacher=teacher,
            provider="ЛОИРО",
            programme="ФГОС",
            hours=72,
            format=CourseFormat.FULL_TIME,
            start_date=TODAY() - datetime.timedelta(days=3 * 366 + 20),
            end_date=TODAY() - datetime.timedelta(days=3 * 366),
        )
    assert _row(muni_a)["pd_overdue"] == 1
    # As if the nightly rebuild ran a year earlier: the same data, another day.
    from tenants.development import rollups

    with tenant_context(muni_a):
        counts = rollups.development_counts([muni_a], on=TODAY() - datetime.timedelta(days=365))
    assert counts[muni_a.pk]["pd_overdue"] == 0 and counts[muni_a.pk]["pd_due_soon"] == 1
    development_rollups_rebuild([muni_a])
    assert _row(muni_a)["pd_overdue"] == 1


def test_steps_of_cancelled_routes_are_not_counted(muni_a, methodologist_a):
    from tenants.development.models import RouteStatus

    route = _fill(muni_a, methodologist_a)
    with tenant_context(muni_a):
        route.status = RouteStatus.CANCELLED
        route.save()
        route.steps.update(status=StepStatus.PLANNED)
    development_rollups_rebuild([muni_a])
    row = _row(muni_a)
    assert (row["routes_total"], row["route_steps_total"], row["route_steps_done"]) == (0, 0, 0)


def test_the_nightly_task_rebuilds_in_the_region_only(muni_a, methodologist_a):
    import pytest

    from tenants.development.tasks import development_rollups_rebuild_task

    with tenant_context(muni_a):
        CourseRecordFactory(teacher=TeacherFactory(), end_date=TODAY())  # not through a service
        with pytest.raises(RuntimeError):
            development_rollups_rebuild_task.run()
    development_rollups_rebuild_task.run()
    assert _row(muni_a)["teachers_total"] == 1 and _row(muni_a)["pd_up_to_date"] == 1
