"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the olympiad's public results page,
its staff screens (rounds, a protocol, participants, the import) and the institute's olympiad screen.

The data are committed (the server runs outside the test's transaction) and removed at teardown.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_accessibility import axe_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SCHOOL = "СОШ № a11y-olympiad"
PAGE_SLUG = "a11y-olimpiada"


def _remove(schema: str, municipality_id: int, year: int) -> None:
    from wagtail.models import Page

    from rollups.models import OlympiadRollup
    from tenants.olympiads.models import Olympiad, Participant, Round
    from tenants.organisations.models import Organisation

    with schema_context(schema):
        Participant.objects.filter(organisation__short_name=SCHOOL).delete()
        Round.objects.filter(olympiad__academic_year=year).delete()
        Olympiad.objects.filter(academic_year=year).delete()
        Organisation.objects.filter(short_name=SCHOOL).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()
    OlympiadRollup.objects.filter(municipality_id=municipality_id).delete()


@pytest.fixture(scope="module")
def olympiad_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    from tenants.academic_years import AcademicYear

    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)
    year = AcademicYear.current().start - 3

    def create() -> dict[str, Any]:
        from decimal import Decimal

        from wagtail.models import Site

        from tenants.olympiads.models import OlympiadResultsPage
        from tenants.olympiads.services import round_protocol_publish, round_statuses_apply
        from tests.tenants.olympiads.factories import municipal_round, pupil
        from tests.tenants.organisations.factories import OrganisationFactory

        _remove(muni.schema_name, muni.pk, year)
        with schema_context(muni.schema_name):
            school = OrganisationFactory(short_name=SCHOOL)
            round_ = municipal_round(passing={9: Decimal(60)}, year=AcademicYear(year), quota=50)
            for name, score in (("Победова", "95"), ("Призёрова", "80"), ("Участников", "30"), ("Четвёртый", "10")):
                pupil(round_, name, score=score, organisation=school, publication_consent=True)
            round_statuses_apply(round_=round_, acting_user=None)
            round_protocol_publish(round_=round_, acting_user=None)
            home = Site.objects.get(is_default_site=True).root_page
            page = OlympiadResultsPage(title="Итоги олимпиады", slug=PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            return {"round": round_.pk, "page": page.url_path, "year": year}

    scene = outside_the_browser_loop(create)
    yield head, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name, muni.pk, year))


def _sign_in(page: Any, url: str, cabinet: str, email: str) -> None:
    page.goto(url)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(cabinet)


def _violations(page: Any, live_site: Any, host: str, paths: list[str]) -> dict[str, Any]:
    found = {}
    for path in paths:
        response = page.goto(live_site.url(host, path))
        assert response is not None and response.status == 200, path
        assert page.url == live_site.url(host, path), path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    return found


def test_no_wcag_violations_on_the_olympiad_pages(olympiad_scene, live_site, live_municipalities, browser_page):
    head, s = olympiad_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    public_path = "/" + s["page"].strip("/").split("/", 1)[1] + "/"
    found = _violations(page, live_site, host, [public_path, f"{public_path}?year={s['year']}"])
    assert "Победова" in page.content() and "Четвёртый" not in page.content()
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    found |= _violations(
        page,
        live_site,
        host,
        [
            "/admin/olympiads/rounds/",
            f"/admin/olympiads/rounds/{s['round']}/protocol/",
            f"/admin/olympiads/rounds/edit/{s['round']}/",
            "/admin/olympiads/participants/",
            "/admin/olympiads/participants/import/",
            "/admin/olympiads/school-stage/",
        ],
    )
    assert found == {}


@pytest.fixture
def institute_user(live_site: Any, live_municipalities: dict[str, Any]) -> Any:
    """A committed institute account (a region role: no municipality); removed with its sessions."""
    import uuid

    from django.contrib.sessions.models import Session

    from accounts.models import User
    from accounts.services import role_grant
    from audit.models import AuditEntry
    from tests.factories import UserFactory

    def create() -> Any:
        user = UserFactory(email=f"browser-olympiad-{uuid.uuid4().hex[:10]}@example.test")
        role_grant(user=user, role=Role.INSTITUTE, municipality=None, acting_user=None)
        return user

    user = outside_the_browser_loop(create)
    schema_name = live_municipalities["a"].schema_name
    yield user

    def delete() -> None:
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
        AuditEntry.objects.filter(target=user.email).delete()
        # Inside a municipality's schema the collector also reaches Wagtail's per-user rows.
        with schema_context(schema_name):
            User.objects.filter(pk=user.pk).delete()

    outside_the_browser_loop(delete)


def test_no_wcag_violations_on_the_institute_olympiad_screen(live_site, institute_user, browser_page):
    institute = institute_user
    region = settings.REGION_DOMAIN
    page = browser_page
    _sign_in(page, live_site.url(region, "/accounts/login/"), live_site.url(region, "/cabinet/"), institute.email)
    assert _violations(page, live_site, region, ["/institute/olympiads/", "/institute/innovation/"]) == {}
