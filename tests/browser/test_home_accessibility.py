"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on every home of issue 21 — the staff
home of the head, a methodologist and the committee chair in the municipality's admin (normal, and
with the system's «more contrast» preference Wagtail's admin follows), the teacher's cabinet and
the institute's home on the region host (normal, and in every low-vision scheme of the sites).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_accessibility import LOW_VISION_COOKIES, axe_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TOPIC = "Вопрос для доступности (a11y-home)"


@pytest.fixture(scope="module")
def home_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    """A head, a methodologist with a late consultation, a chair and a teacher, committed in A;
    an institute member on the region. All removed at teardown."""
    from rollups.models import MunicipalityYearRollup

    muni = live_municipalities["a"]
    people = {role: committed_user(role, muni) for role in (Role.HEAD, Role.METHODOLOGIST, Role.CHAIR, Role.TEACHER)}
    rollups_before = outside_the_browser_loop(lambda: set(MunicipalityYearRollup.objects.values_list("pk", flat=True)))

    def create() -> Any:
        import datetime

        from django.utils import timezone

        from accounts.services import role_grant
        from tenants.consultations.models import Consultation
        from tenants.people.models import Methodologist
        from tests.factories import UserFactory
        from tests.tenants.consultations.factories import consultation

        with schema_context(muni.schema_name):
            metod = Methodologist.objects.create(user=people[Role.METHODOLOGIST])
            late = consultation(topic=TOPIC, requester_user=people[Role.TEACHER])
            Consultation.objects.filter(pk=late.pk).update(
                assignee=metod, due_on=timezone.localdate() - datetime.timedelta(days=3)
            )
        institute = UserFactory(email=f"browser-home-{uuid.uuid4().hex[:10]}@example.test")
        role_grant(user=institute, role=Role.INSTITUTE, municipality=None, acting_user=None)
        return institute

    institute = outside_the_browser_loop(create)
    yield people, institute

    def remove() -> None:
        from django.contrib.sessions.models import Session

        from accounts.models import User
        from audit.models import AuditEntry
        from tenants.academic_years import AcademicYear
        from tenants.consultations.models import Consultation
        from tenants.consultations.rollups import consultations_rollup_refresh
        from tenants.people.models import Methodologist

        with schema_context(muni.schema_name):
            Consultation.objects.filter(topic=TOPIC).delete()
            Methodologist.objects.filter(user=people[Role.METHODOLOGIST]).delete()
            consultations_rollup_refresh(year=AcademicYear.current())  # the consultation's counts go too
        AuditEntry.objects.filter(target__contains=TOPIC).delete()
        MunicipalityYearRollup.objects.exclude(pk__in=rollups_before).delete()
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(institute.pk):
                session.delete()
        AuditEntry.objects.filter(target=institute.email).delete()
        with schema_context(muni.schema_name):
            User.objects.filter(pk=institute.pk).delete()

    outside_the_browser_loop(remove)


def _sign_in(page: Any, live_site: Any, host: str, email: str) -> None:
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))


@pytest.mark.parametrize("contrast", ["no-preference", "more"])
def test_no_wcag_violations_on_the_staff_homes(contrast, home_scene, live_site, live_municipalities, chromium):
    people, _institute = home_scene
    host = live_municipalities["a"].default_hostname
    found = {}
    for role in (Role.HEAD, Role.METHODOLOGIST, Role.CHAIR):
        context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.emulate_media(contrast=contrast)
            _sign_in(page, live_site, host, people[role].email)
            page.goto(live_site.url(host, "/admin/"))
            expect(page.locator(".staff-home")).to_be_visible()
            if role == Role.METHODOLOGIST:  # the late request is counted, marked and linked
                expect(page.locator('[data-line="consultations.mine.late"]')).to_contain_text("1 просрочено")
            if violations := axe_violations(page):
                found[role] = violations
        finally:
            context.close()
    assert found == {}


@pytest.mark.parametrize("cookie", ["", *LOW_VISION_COOKIES])
def test_no_wcag_violations_on_the_cabinet_and_the_institutes_home(
    cookie, home_scene, live_site, live_municipalities, chromium
):
    from cms.base.vision import VISION_COOKIE_NAME

    people, institute = home_scene
    host = live_municipalities["a"].default_hostname
    found = {}
    for who, where, path in (
        (people[Role.TEACHER], host, "/cabinet/"),
        (institute, settings.REGION_DOMAIN, "/institute/"),
    ):
        context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
        try:
            if cookie:
                context.add_cookies([{"name": VISION_COOKIE_NAME, "value": cookie, "domain": where, "path": "/"}])
            page = context.new_page()
            _sign_in(page, live_site, where, who.email)
            page.goto(live_site.url(where, path))
            expect(page.locator("[data-line]").first).to_be_visible()
            if violations := axe_violations(page):
                found[path] = violations
        finally:
            context.close()
    assert found == {}
