"""The analysis of PD results against a known fixture: coverage (the three-year period's edges),
per organisation, kinds of programme, providers, competence areas against open deficits; the
screen, its charts and the XLSX; who may open it."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from tenants.development.models import CourseDocumentKind, CourseProviderKind
from tenants.monitoring.pd_analysis import pd_analysis
from tests.tenants.development.factories import CourseOfferFactory, CourseRecordFactory, DeficitFactory, area
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

ON = datetime.date(2026, 6, 1)  # three years back: 01.06.2023


def _course(teacher, end, codes, **fields):
    record = CourseRecordFactory(teacher=teacher, end_date=end, **fields)
    record.competence_areas.set([area(code) for code in codes])
    return record


@pytest.fixture
def fixture_a(muni_a):
    with tenant_context(muni_a):
        x, y = OrganisationFactory(short_name="МБОУ «Школа X»"), OrganisationFactory(short_name="МБОУ «Школа Y»")
        t1, t2, t3 = (TeacherFactory(organisation=x) for _ in range(3))
        t4 = TeacherFactory(organisation=y)
        loiro = CourseOfferFactory(provider_kind=CourseProviderKind.INSTITUTE)
        _course(t1, datetime.date(2025, 1, 10), ["digital"], course_offer=loiro, hours=72)
        _course(t2, datetime.date(2023, 6, 1), ["assessment"], hours=36)  # the period's first day: counts
        _course(t3, datetime.date(2023, 5, 31), ["digital"], document_kind=CourseDocumentKind.DIPLOMA)  # a day too old
        _course(t4, datetime.date(2026, 6, 2), ["digital"])  # after the day asked about
        DeficitFactory(teacher=t1, area=area("digital"), found_on=datetime.date(2024, 12, 1))  # trained after it
        DeficitFactory(teacher=t4, area=area("digital"), found_on=datetime.date(2025, 2, 1))
        DeficitFactory(teacher=t2, area=area("assessment"), found_on=datetime.date(2024, 1, 1))  # course was before
    return {"x": x, "y": y}


def test_figures_against_the_fixture(muni_a, fixture_a):
    with tenant_context(muni_a):
        analysis = pd_analysis(on=ON)
    assert analysis.since == datetime.date(2023, 6, 1)
    assert (analysis.coverage.value, analysis.coverage.of, analysis.coverage.percent) == (2, 4, 50)
    assert [(s.label, s.value, s.of) for s in analysis.organisations] == [
        ("МБОУ «Школа X»", 2, 3),
        ("МБОУ «Школа Y»", 0, 1),
    ]
    kinds = {g.label: (g.courses, g.teachers, g.hours) for g in analysis.kinds}
    assert kinds["Удостоверение о повышении квалификации"] == (2, 2, 108)
    assert kinds["Диплом о профессиональной переподготовке"] == (0, 0, 0)
    providers = {g.label: g.courses for g in analysis.providers}
    assert providers == {"ГАОУ ДПО «ЛОИРО»": 1, "Другая организация": 0, "Не указан (внесено вручную)": 1}
    areas = {
        row.area.code: (row.trained, row.with_deficit, row.deficit_trained, row.deficit_untrained)
        for row in analysis.areas
    }
    assert areas["digital"] == (1, 2, 1, 1)
    assert areas["assessment"] == (1, 1, 0, 1)
    assert areas["inclusive"] == (0, 0, 0, 0)


def test_the_screen_and_its_xlsx(muni_a, host_client, make_user, fixture_a):
    head = make_user(Role.HEAD, muni_a)
    client = host_client(muni_a, head)
    page = client.get("/admin/monitoring/pd/", {"on": ON.isoformat()}).content.decode()
    assert "Прошли курсы за три года 2 педагогов из 4 (50 %)" in page
    assert page.count('role="img"') == 4 and "<desc" in page
    response = client.get("/admin/monitoring/pd/export.xlsx", {"on": ON.isoformat()})
    workbook = load_workbook(BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert ("Все педагоги", 4, 2, 50) in rows and ("МБОУ «Школа Y»", 1, 0, 0) in rows
    areas = list(workbook.worksheets[1].iter_rows(values_only=True))
    digital = next(r for r in areas if r[0] == area_name(muni_a, "digital"))
    assert digital[1:] == (1, 2, 1, 1)


def area_name(municipality, code: str) -> str:
    with tenant_context(municipality):
        return area(code).name


def test_who_may_open_it(muni_a, muni_b, host_client, make_user, fixture_a):
    for role in (Role.METHODOLOGIST, Role.CHAIR):
        assert host_client(muni_a, make_user(role, muni_a)).get("/admin/monitoring/pd/").status_code == 200
    for user in (make_user(Role.TEACHER, muni_a), make_user(Role.HEAD, muni_b), make_user(Role.INSTITUTE)):
        for url in ("/admin/monitoring/pd/", "/admin/monitoring/pd/export.xlsx"):
            assert host_client(muni_a, user).get(url).status_code in (302, 403), (user, url)
