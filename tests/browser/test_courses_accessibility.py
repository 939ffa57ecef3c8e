"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the course offers' public pages,
the teacher's applications and application form (the site's look, normal and low-vision), and the
staff's course screens and the PD analysis (the admin's look and its «more contrast»). Data
committed, removed at teardown."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_olympiad_accessibility import _sign_in, _violations

pytestmark = pytest.mark.browser

PROGRAMME = "Курс a11y-courses"
PAGE_SLUG = "a11y-kursy"
SCHOOL = "СОШ № a11y-courses"
LOW_VISION = ("large.bw.on.normal", "xlarge.wb.off.wide")


def _remove(schema: str) -> None:
    from wagtail.models import Page

    from tenants.courses.models import CourseApplication
    from tenants.development.models import CourseOffer
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher

    with schema_context(schema):
        CourseApplication.objects.filter(offer__programme__startswith=PROGRAMME).delete()
        CourseOffer.objects.filter(programme__startswith=PROGRAMME).delete()
        Teacher.objects.filter(last_name="Доступнова").delete()
        Organisation.objects.filter(short_name=SCHOOL).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()


@pytest.fixture(scope="module")
def courses_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)
    teacher_user = committed_user(Role.TEACHER, muni)

    def create() -> dict[str, Any]:
        from wagtail.models import Site

        from tenants.courses.models import CourseOffersPage
        from tenants.courses.services import course_application_confirm, course_application_submit
        from tests.tenants.courses.factories import offer_with_quota
        from tests.tenants.organisations.factories import OrganisationFactory
        from tests.tenants.people.factories import TeacherFactory

        _remove(muni.schema_name)
        with schema_context(muni.schema_name):
            school = OrganisationFactory(short_name=SCHOOL)
            teacher = TeacherFactory(last_name="Доступнова", user=teacher_user, organisation=school)
            offer = offer_with_quota(programme=PROGRAMME, description="Практикум.")
            open_offer = offer_with_quota(programme=f"{PROGRAMME} (второй)")
            application = course_application_submit(offer=offer, teacher=teacher, acting_user=None)
            course_application_confirm(application=application, acting_user=None, notify=False)
            home = Site.objects.get(is_default_site=True).root_page
            page = CourseOffersPage(title="Курсы повышения квалификации", slug=PAGE_SLUG, intro="Курсы для педагогов.")
            home.add_child(instance=page)
            page.save_revision().publish()
            path = "/" + page.url_path.strip("/").split("/", 1)[1] + "/"
            return {"offer": offer.pk, "open": open_offer.pk, "application": application.pk, "path": path}

    scene = outside_the_browser_loop(create)
    yield head, teacher_user, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name))


def _site_paths(s: dict[str, Any]) -> list[str]:
    return [s["path"], f"{s['path']}{s['offer']}/"]


def _cabinet_paths(s: dict[str, Any]) -> list[str]:
    return ["/courses/", f"/courses/{s['open']}/apply/", f"/courses/{s['offer']}/apply/"]


def _staff_paths(s: dict[str, Any]) -> list[str]:
    return [
        "/admin/courses/",
        "/admin/courses/applications/",
        f"/admin/courses/offers/{s['offer']}/",
        f"/admin/courses/applications/{s['application']}/decline/",
        f"/admin/development/offers/edit/{s['offer']}/",
        "/admin/monitoring/pd/",
    ]


@pytest.mark.parametrize("vision", ["normal", *LOW_VISION])
def test_public_pages_and_the_teachers_cabinet(vision, courses_scene, live_site, live_municipalities, chromium):
    from cms.base.vision import VISION_COOKIE_NAME

    _head, teacher, s = courses_scene
    host = live_municipalities["a"].default_hostname
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        if vision != "normal":
            context.add_cookies([{"name": VISION_COOKIE_NAME, "value": vision, "domain": host, "path": "/"}])
        page = context.new_page()
        found = _violations(page, live_site, host, _site_paths(s))
        if vision != "normal":
            expect(page.locator("body.lv")).to_have_count(1)
        _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), teacher.email)
        found |= _violations(page, live_site, host, _cabinet_paths(s))
        assert "Подтверждена организацией" in page.content() or PROGRAMME in page.content()
        assert found == {}
    finally:
        context.close()


@pytest.mark.parametrize("contrast", ["system", "more_contrast"])
def test_staff_screens(contrast, courses_scene, live_site, live_municipalities, browser_page):
    from wagtail.users.models import UserProfile

    head, _teacher, s = courses_scene
    muni = live_municipalities["a"]

    def set_contrast() -> None:
        with schema_context(muni.schema_name):
            profile = UserProfile.get_for_user(head)
            profile.contrast = contrast
            profile.save(update_fields=["contrast"])

    outside_the_browser_loop(set_contrast)
    host = muni.default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    found = _violations(page, live_site, host, _staff_paths(s))
    if contrast == "more_contrast":
        expect(page.locator("html.w-contrast-more")).to_have_count(1)
    assert found == {}


def test_the_application_form_is_usable_from_the_keyboard(courses_scene, live_site, live_municipalities, browser_page):
    _head, teacher, s = courses_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), teacher.email)
    page.goto(live_site.url(host, f"/courses/{s['open']}/apply/"))
    page.get_by_label("Комментарий для организации и методиста").fill("Прошу включить")
    page.get_by_role("button", name="Подать заявку").press("Enter")
    expect(page).to_have_url(live_site.url(host, "/courses/"))
    assert "Ждёт подтверждения организации" in page.content()
