"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the quality of education's own
staff screens (indicators, a procedure and its import, the support list with the head's forms,
a programme, a measure's form, a visit, a lesson's observation form, the support card, the
monitoring dashboard with its charts), and the institute's quality screens on the region host
(the heat map, the list of flagged organisations, the drill-down, the thresholds editor).

The data are committed (the server runs outside the test's transaction) and removed at teardown.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.axe import axe_violations
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_content_security import region_user  # noqa: F401 - a fixture
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCHOOL = "СОШ № a11y-quality"


def _remove(schema: str, municipality_id: int) -> None:
    from rollups.models import QualityKindRollup, QualityOrganisationRollup, QualityRollup
    from tenants.organisations.models import Organisation
    from tenants.people.models import Methodologist, Teacher
    from tenants.quality.models import AssessmentProcedure, SupportProgramme, Visit

    with schema_context(schema):
        organisations = Organisation.objects.filter(short_name=SCHOOL)
        SupportProgramme.objects.filter(organisation__in=organisations).delete()
        Visit.objects.filter(organisation__in=organisations).delete()
        AssessmentProcedure.objects.filter(title__endswith="(a11y)").delete()
        Teacher.objects.filter(organisation__in=organisations).delete()
        Methodologist.objects.filter(position="методист (a11y)").delete()
        organisations.delete()
    for model in (QualityRollup, QualityKindRollup, QualityOrganisationRollup):
        model.objects.filter(municipality_id=municipality_id).delete()


@pytest.fixture(scope="module")
def quality_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)

    def create() -> dict[str, Any]:
        from tenants.academic_years import AcademicYear
        from tenants.quality.models import ObservationCriterion
        from tenants.quality.services import flags, programmes, visits
        from tenants.quality.services.results import results_changed
        from tests.tenants.organisations.factories import OrganisationFactory
        from tests.tenants.people.factories import MethodologistFactory, TeacherFactory
        from tests.tenants.quality.factories import marks, procedure

        _remove(muni.schema_name, muni.pk)
        year = AcademicYear.current().start
        with schema_context(muni.schema_name):
            school = OrganisationFactory(short_name=SCHOOL)
            vpr = procedure("vpr", year=year, grades=(5,), title="ВПР (a11y)")
            marks(school, vpr, 5, "math", 8, 12, 4, 1, journal=(3, 20, 2))
            results_changed(academic_years=[year])
            curator = MethodologistFactory(user=head, position="методист (a11y)")
            flags.support_decide(
                organisation=school, academic_year=year, status="confirmed", reason="", acting_user=head
            )
            programme = programmes.programme_create(
                acting_user=head, organisation=school, academic_year=year, starts_on=datetime.date.today(),
                ends_on=datetime.date.today() + datetime.timedelta(days=90), curator=curator, reasons=["low"],
            )  # fmt: skip
            teacher = TeacherFactory(organisation=school)
            visit = visits.visit_create(
                acting_user=head, organisation=school, visited_on=datetime.date.today(), observer=curator,
                purpose="Посещение уроков", programme=programme, status="done",
            )  # fmt: skip
            observation = visits.observation_save(
                visit=visit, acting_user=head, teacher=teacher, grade=5, topic="Дроби",
                marks=[visits.MarkData(criterion=c, mark=1) for c in ObservationCriterion.objects.all()],
            )  # fmt: skip
            measure = programmes.measure_create(
                programme=programme, acting_user=head, kind="visit", title="Выезд", due_on=datetime.date.today(),
                visit=visit, teachers=[teacher],
            )  # fmt: skip
            return {
                "year": year,
                "vpr": vpr.pk,
                "school": school.pk,
                "programme": programme.pk,
                "visit": visit.pk,
                "observation": observation.pk,
                "measure": measure.pk,
            }

    scene = outside_the_browser_loop(create)
    yield head, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name, muni.pk))


def test_no_wcag_violations_on_the_quality_screens(quality_scene, live_site, live_municipalities, browser_page):
    head, s = quality_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(head.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))
    paths = [
        f"/admin/quality/indicators/?year={s['year']}&kind=vpr",
        f"/admin/quality/procedures/inspect/{s['vpr']}/",
        f"/admin/quality/procedures/{s['vpr']}/import/",
        f"/admin/quality/support/?year={s['year']}",
        f"/admin/quality/programmes/inspect/{s['programme']}/",
        f"/admin/quality/programmes/{s['programme']}/measures/{s['measure']}/",
        f"/admin/quality/programmes/{s['programme']}/cancel/",
        f"/admin/quality/visits/inspect/{s['visit']}/",
        f"/admin/quality/visits/{s['visit']}/lessons/{s['observation']}/",
        "/admin/quality/organisations/",
        f"/admin/quality/organisations/{s['school']}/",
        f"/admin/monitoring/?year={s['year']}",
    ]
    found = {}
    for path in paths:
        response = page.goto(live_site.url(host, path))
        assert response is not None and response.status == 200, path
        assert page.url == live_site.url(host, path), path  # not sent away to a login or the dashboard
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, repr(found)


def test_no_wcag_violations_on_the_institutes_quality_screens(
    quality_scene,
    region_user,  # noqa: F811 - the fixture imported above
    live_site,
    live_municipalities,
    browser_page,
):
    from django.conf import settings

    from institute.models import AccessLogEntry
    from rollups.rebuild import rollups_rebuild

    _head, s = quality_scene
    # The scene is written under schema_context (no municipality in use): the region's roll-ups
    # are made from the schemas, as the nightly rebuild does.
    outside_the_browser_loop(lambda: rollups_rebuild(names=["quality"]))
    institute = region_user(Role.INSTITUTE)
    region = settings.REGION_DOMAIN
    page = browser_page
    page.goto(live_site.url(region, "/accounts/login/"))
    page.locator("input[name=login]").fill(institute.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(region, "/cabinet/"))
    slug = live_municipalities["a"].slug
    paths = [
        f"/institute/quality/?year={s['year']}",
        f"/institute/quality/organisations/?year={s['year']}",
        f"/institute/m/{slug}/quality/?year={s['year']}",
        "/institute/quality/thresholds/",
        "/institute/quality/kinds/",
    ]
    found = {}
    try:
        for path in paths:
            response = page.goto(live_site.url(region, path))
            assert response is not None and response.status == 200, path
            if "organisations" in path or "/m/" in path:
                assert SCHOOL in page.content(), path
            violations = axe_violations(page)
            if violations:
                found[path] = violations
    finally:
        outside_the_browser_loop(lambda: AccessLogEntry.objects.filter(user_email=institute.email).delete())
    assert found == {}, repr(found)
