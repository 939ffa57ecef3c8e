"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the screens the association leader
and the school coordinator keep (issue 15 §1) — the leader's composition and materials, the
coordinator's card, a new ШМО and a ШМО's screen — in the admin's look and its «more contrast»,
and with a form's errors shown. Data committed, removed at teardown."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.axe import axe_violations
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_olympiad_accessibility import _sign_in, _violations

pytestmark = pytest.mark.browser

PREFIX = "a11y-leaders"
SCHOOL = f"СОШ № {PREFIX}"


def _remove(schema: str) -> None:
    from tenants.bodies.models import AssociationLeader, Body
    from tenants.organisations.models import Organisation, SchoolCoordinator
    from tenants.people.models import Teacher

    with schema_context(schema):
        AssociationLeader.objects.filter(body__name__contains=PREFIX).delete()
        SchoolCoordinator.objects.filter(organisation__short_name=SCHOOL).delete()
        Body.objects.filter(name__contains=PREFIX).delete()
        Teacher.objects.filter(last_name__startswith="Доступн").delete()
        Organisation.objects.filter(short_name=SCHOOL).delete()


@pytest.fixture(scope="module")
def leaders_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    leader = committed_user(Role.TEACHER, muni)
    coordinator = committed_user(Role.TEACHER, muni)

    def create() -> dict[str, Any]:
        from django.core.files.base import ContentFile

        from tenants.academic_years import AcademicYear
        from tenants.bodies.models import BodyKind
        from tenants.bodies.services import association_leader_appoint, body_create
        from tenants.leadership.services import leader_material_add, leader_member_add
        from tenants.organisations.services import school_coordinator_appoint
        from tenants.sample_documents import pdf_bytes
        from tests.tenants.organisations.factories import OrganisationFactory
        from tests.tenants.people.factories import TeacherFactory

        _remove(muni.schema_name)
        year = AcademicYear.current()
        with schema_context(muni.schema_name):
            school = OrganisationFactory(short_name=SCHOOL)
            head, member = (TeacherFactory(organisation=school, last_name=f"Доступнова{n}") for n in (1, 2))
            gmo = body_create(
                kind=BodyKind.CITY_ASSOCIATION, name=f"ГМО {PREFIX}", category="учителя истории",
                since_year=year, head=head, acting_user=None,
            )  # fmt: skip
            shmo = body_create(
                kind=BodyKind.SCHOOL_ASSOCIATION, name=f"ШМО {PREFIX}", organisation=school,
                category="учителя начальных классов", since_year=year, head=head, acting_user=None,
            )  # fmt: skip
            association_leader_appoint(municipality=muni, body=gmo, user=leader, acting_user=None)
            school_coordinator_appoint(municipality=muni, organisation=school, user=coordinator, acting_user=None)
            leader_member_add(body=gmo, academic_year=year, teacher=member, acting_user=leader)
            leader_material_add(
                body=gmo, academic_year=year, title="Разработка урока",
                file=ContentFile(pdf_bytes("Разработка урока"), name="lesson.pdf"), acting_user=leader,
            )  # fmt: skip
            return {"gmo": gmo.pk, "shmo": shmo.pk, "year": year.start}

    scene = outside_the_browser_loop(create)
    yield leader, coordinator, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name))


def _contrast(muni: Any, people: tuple[Any, ...], contrast: str) -> None:
    from wagtail.users.models import UserProfile

    def update() -> None:
        with schema_context(muni.schema_name):
            for user in people:
                profile = UserProfile.get_for_user(user)
                profile.contrast = contrast
                profile.save(update_fields=["contrast"])

    outside_the_browser_loop(update)


@pytest.mark.parametrize("contrast", ["system", "more_contrast"])
def test_the_leaders_screens(contrast, leaders_scene, live_site, live_municipalities, browser_page):
    leader, _coordinator, s = leaders_scene
    muni = live_municipalities["a"]
    _contrast(muni, (leader,), contrast)
    host = muni.default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), leader.email)
    base = f"/admin/leadership/associations/{s['gmo']}/{s['year']}/"
    found = _violations(page, live_site, host, [base, f"{base}composition/", f"{base}materials/"])
    if contrast == "more_contrast":
        expect(page.locator("html.w-contrast-more")).to_have_count(1)
    assert "Разработка урока" in page.content()
    # The upload form with its errors shown (nothing chosen).
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.locator(".error-message").first).to_be_visible()
    errors = axe_violations(page)
    assert found == {} and not errors


@pytest.mark.parametrize("contrast", ["system", "more_contrast"])
def test_the_coordinators_screens(contrast, leaders_scene, live_site, live_municipalities, browser_page):
    _leader, coordinator, s = leaders_scene
    muni = live_municipalities["a"]
    _contrast(muni, (coordinator,), contrast)
    host = muni.default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), coordinator.email)
    found = _violations(
        page,
        live_site,
        host,
        [
            "/admin/leadership/school/",
            "/admin/leadership/school/associations/add/",
            f"/admin/leadership/school/associations/{s['shmo']}/{s['year']}/",
        ],
    )
    assert f"ШМО {PREFIX}" in page.content()
    # The new ШМО's form with its errors shown (no name).
    page.goto(live_site.url(host, "/admin/leadership/school/associations/add/"))
    page.get_by_role("button", name="Создать ШМО").click()
    expect(page.locator(".error-message").first).to_be_visible()
    assert found == {} and not axe_violations(page)
