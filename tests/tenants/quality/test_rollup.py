"""The region's quality roll-ups: written with every change, and the rebuild from the schemas agrees."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role
from rollups.models import MunicipalityYearRollup, QualityKindRollup, QualityOrganisationRollup, QualityRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.quality.models import AssessmentResult
from tenants.quality.rollup import YEAR_COLUMNS
from tenants.quality.services import flags as flag_services
from tenants.quality.services import programmes as programme_services
from tenants.quality.services.results import result_create, results_changed
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import MethodologistFactory
from tests.tenants.quality.factories import YEAR, marks, procedure, scores, subject


def _snapshot(municipality) -> dict[str, Any]:
    def rows(model, *exclude: str) -> list[tuple]:
        fields = [f.name for f in model._meta.concrete_fields if f.name not in {"id", *exclude}]
        return sorted(
            tuple(str(getattr(r, f)) for f in fields) for r in model.objects.filter(municipality=municipality)
        )

    years = {
        r.academic_year: tuple(getattr(r, c) for c in YEAR_COLUMNS)
        for r in MunicipalityYearRollup.objects.filter(municipality=municipality)
    }
    return {
        "cells": rows(QualityRollup),
        "kinds": rows(QualityKindRollup),
        "organisations": rows(QualityOrganisationRollup),
        "years": {year: values for year, values in years.items() if any(values)},
    }


def _fill(municipality, user, head):
    with tenant_context(municipality):
        low, raised, good, ege_school = (OrganisationFactory() for _ in range(4))
        last_year = procedure("vpr", year=YEAR - 1, grades=(5,))
        marks(low, last_year, 5, "math", 9, 12, 3, 1)  # 36 % «2» a year ago
        marks(raised, last_year, 5, "math", 0, 18, 5, 2)  # quality 28 % a year ago
        vpr = procedure("vpr", grades=(5, 6))
        marks(low, vpr, 5, "math", 3, 14, 6, 2)  # 12 %: better than the year before
        marks(raised, vpr, 5, "math", 0, 5, 12, 8, journal=(0, 20, 5))  # raised 20 %, quality 80 %: a jump
        marks(good, vpr, 5, "math", 2, 10, 9, 4, letter="А")
        marks(good, vpr, 5, "math", 1, 11, 9, 4, letter="Б")
        marks(good, vpr, 6, "russian", 3, 12, 8, 2)
        ege = procedure("ege", grades=(11,), subjects=("russian",))
        scores(ege_school, ege, "russian", 30, "62.40", 4)  # 13 % below the minimum
        results_changed(academic_years=[YEAR - 1, YEAR])
        curator = MethodologistFactory(user=user)
        flag_services.support_decide(
            organisation=low, academic_year=YEAR - 1, status="confirmed", reason="", acting_user=head
        )
        flag_services.support_decide(
            organisation=raised, academic_year=YEAR, status="dismissed", reason="Проверено", acting_user=head
        )
        programme = programme_services.programme_create(
            acting_user=user,
            organisation=low,
            academic_year=YEAR - 1,
            starts_on=datetime.date(YEAR - 1, 10, 1),
            ends_on=datetime.date(YEAR + 1, 5, 31),
            curator=curator,
            reasons=["low"],
            subjects=[subject("math")],
        )
        programme_services.measure_create(
            programme=programme,
            acting_user=user,
            kind="consultation",
            title="Консультация",
            due_on=datetime.date.today(),
        )
        programme_services.programme_activate(programme=programme, acting_user=head)
        programme_services.programme_create(
            acting_user=user,
            organisation=ege_school,
            academic_year=YEAR,
            starts_on=datetime.date(YEAR, 10, 1),
            ends_on=datetime.date(YEAR + 1, 5, 31),
        )
        programme.refresh_from_db()
        assert programme.effect_improved is True
        return low, raised, good, ege_school


def test_changes_write_the_roll_ups_and_the_rebuild_agrees(muni_a, muni_b, methodologist_a, make_user):
    head_a, head_b = make_user(Role.HEAD, muni_a), make_user(Role.HEAD, muni_b)
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    low, raised, _good, ege_school = _fill(muni_a, methodologist_a, head_a)
    _fill(muni_b, methodologist_b, head_b)
    with tenant_context(muni_b):
        # B differs: one more result typed in through the service.
        other = OrganisationFactory()
        result_create(
            acting_user=methodologist_b,
            procedure=procedure("oge", grades=(9,)),
            organisation=other,
            grade=9,
            subject=subject("math"),
            participants=12,
            marks_2=0,
            marks_3=4,
            marks_4=4,
            marks_5=4,
        )
    incremental_a, incremental_b = _snapshot(muni_a), _snapshot(muni_b)

    year = AcademicYear(YEAR).label
    row = QualityRollup.objects.get(
        municipality=muni_a, academic_year=year, kind_code="vpr", subject_code="math", grade=5
    )
    assert (row.participants, row.organisations, row.organisations_flagged_nonobjective) == (100, 3, 1)
    assert (row.marks_2, row.journal_raised, row.journal_participants) == (6, 5, 25)
    kinds = {r.kind_code: r for r in QualityKindRollup.objects.filter(municipality=muni_a, academic_year=year)}
    assert kinds["vpr"].participants == 125 and kinds["vpr"].organisations == 3
    assert kinds["ege"].score_participants == 30 and kinds["ege"].organisations_flagged == 1
    organisations = {
        r.organisation_id: r for r in QualityOrganisationRollup.objects.filter(municipality=muni_a, academic_year=year)
    }
    assert organisations[raised.pk].support_status == "dismissed"
    assert set(organisations[raised.pk].reasons) == {"jump", "raised_marks"}
    assert organisations[ege_school.pk].support_status == "suggested"
    assert organisations[ege_school.pk].programme_status == "draft"
    last = QualityOrganisationRollup.objects.get(
        municipality=muni_a, academic_year=AcademicYear(YEAR - 1).label, organisation_id=low.pk
    )
    assert (last.support_status, last.programme_status, last.improved) == ("confirmed", "active", True)
    assert last.curator_user_id == methodologist_a.pk and last.reasons == ["low_share_2"]
    years = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=AcademicYear(YEAR - 1).label)
    assert (years.quality_programmes_active, years.quality_organisations_improved) == (1, 1)
    assert (years.quality_organisations_flagged_low, years.quality_organisations_supported) == (1, 1)

    with CaptureQueriesContext(connection) as captured:
        rollups_rebuild(names=["quality"])
    assert len([q for q in captured.captured_queries if "UNION ALL" in q["sql"]]) == 3
    assert _snapshot(muni_a) == incremental_a
    assert _snapshot(muni_b) == incremental_b


def test_the_rebuild_repairs_drift(muni_a, methodologist_a):
    with tenant_context(muni_a):
        vpr = procedure("vpr", grades=(5,))
        school = OrganisationFactory()
        marks(school, vpr, 5, "math", 1, 10, 10, 4)
        results_changed(academic_years=[YEAR])
        # Written behind the services' back: the roll-up does not know yet.
        AssessmentResult.objects.filter(organisation=school).update(participants=30, marks_3=15)
    row = QualityRollup.objects.get(municipality=muni_a, kind_code="vpr", subject_code="math")
    assert row.participants == 25
    rollups_rebuild(names=["quality"])
    row = QualityRollup.objects.get(municipality=muni_a, kind_code="vpr", subject_code="math")
    assert (row.participants, row.marks_3) == (30, 15)


def test_a_municipality_without_data_has_no_rows(muni_b):
    rollups_rebuild(names=["quality"])
    assert not QualityRollup.objects.filter(municipality=muni_b).exists()
    assert not QualityOrganisationRollup.objects.filter(municipality=muni_b).exists()
