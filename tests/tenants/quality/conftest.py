"""Imports and card files go to a temporary MEDIA_ROOT; ``quality_a`` is a filled municipality A."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.quality.models import MeasureKind, ObservationCriterion, ProgrammeStatus, VisitStatus
from tenants.quality.services import flags as flag_services
from tenants.quality.services import programmes as programme_services
from tenants.quality.services import visits as visit_services
from tenants.quality.services.results import results_changed
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import MethodologistFactory, SubjectFactory, TeacherFactory
from tests.tenants.quality.factories import YEAR, marks, procedure

SECRET_TEACHER = "Секретова"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # Setting STORAGES again drops the storage instances built for the old MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


@pytest.fixture
def head_a(make_user, muni_a):
    return make_user(Role.HEAD, muni_a)


@pytest.fixture
def quality_a(muni_a, methodologist_a, head_a) -> dict[str, Any]:
    """A school flagged low in ВПР maths, confirmed, with an active programme, a visit and a lesson."""
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="МБОУ «СОШ № 77»")
        other = OrganisationFactory(short_name="МБОУ «Гимназия № 78»")
        vpr = procedure("vpr", grades=(5, 6))
        result = marks(school, vpr, 5, "math", 8, 12, 4, 1, journal=(3, 20, 2))  # 32 % «2»
        marks(other, vpr, 5, "math", 1, 9, 10, 5, journal=(2, 21, 2))
        marks(school, vpr, 5, "russian", 2, 12, 8, 3, journal=(2, 21, 2))
        results_changed(academic_years=[YEAR])
        curator = MethodologistFactory(user=methodologist_a)
        flag_services.support_decide(
            organisation=school, academic_year=YEAR, status="confirmed", reason="", acting_user=head_a
        )
        programme = programme_services.programme_create(
            acting_user=methodologist_a,
            organisation=school,
            academic_year=YEAR,
            starts_on=datetime.date(YEAR, 10, 1),
            ends_on=datetime.date(YEAR + 1, 6, 30),
            curator=curator,
            reasons=["low"],
            risk_factors=["teacher_competence"],
            diagnosis="Дефицит предметных компетенций",
        )
        maths = SubjectFactory(name="Математика")
        teacher = TeacherFactory(organisation=school, last_name=SECRET_TEACHER, first_name="Тайна")
        teacher.subjects.add(maths)
        visit = visit_services.visit_create(
            acting_user=methodologist_a,
            organisation=school,
            visited_on=datetime.date(YEAR, 11, 12),
            observer=curator,
            purpose="Посещение уроков математики",
            programme=programme,
            status=VisitStatus.DONE,
            recommendations="Формирующее оценивание",
        )
        criteria = list(ObservationCriterion.objects.all()[:3])
        observation = visit_services.observation_save(
            visit=visit,
            acting_user=methodologist_a,
            teacher=teacher,
            subject=maths,
            grade=5,
            topic="Дроби",
            marks=[visit_services.MarkData(criterion=c, mark=1) for c in criteria],
        )
        measure = programme_services.measure_create(
            programme=programme,
            acting_user=methodologist_a,
            kind=MeasureKind.VISIT,
            title="Выезд, посещение уроков",
            due_on=datetime.date(YEAR, 11, 15),
            visit=visit,
            teachers=[teacher],
        )
        programme_services.programme_activate(programme=programme, acting_user=head_a)
        assert programme.status == ProgrammeStatus.ACTIVE
    return {
        "school": school,
        "other": other,
        "vpr": vpr,
        "result": result,
        "programme": programme,
        "visit": visit,
        "observation": observation,
        "measure": measure,
        "teacher": teacher,
        "curator": curator,
    }
