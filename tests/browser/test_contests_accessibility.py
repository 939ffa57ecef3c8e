"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the contests' public page (normal and
low-vision looks), the teacher's and the juror's pages, the staff's results screen and the
institute's contests screen.

The data are committed (the server runs outside the test's transaction) and removed at teardown.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_accessibility import LOW_VISION_COOKIES, axe_violations
from tests.browser.test_olympiad_accessibility import _sign_in, _violations, institute_user  # noqa: F401

pytestmark = pytest.mark.browser

MARK = "a11y-contest"
PAGE_SLUG = "a11y-konkursy"


def _remove(schema: str, municipality_id: int) -> None:
    from wagtail.models import Page

    from audit.models import AuditEntry
    from rollups.models import ContestRollup
    from tenants.contests.models import Application, Contest
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher

    with schema_context(schema):
        contests = Contest.objects.filter(title__endswith=MARK)
        Application.objects.filter(contest__in=contests).delete()
        contests.delete()
        teachers = Teacher.objects.filter(last_name__endswith=MARK)
        organisations = list(teachers.values_list("organisation_id", flat=True))
        teachers.delete()
        Organisation.objects.filter(pk__in=organisations).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()
    ContestRollup.objects.filter(municipality_id=municipality_id).delete()
    AuditEntry.objects.filter(target__contains=MARK).delete()


@pytest.fixture(scope="module")
def contest_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)
    teacher_user = committed_user(Role.TEACHER, muni)

    def create() -> dict[str, Any]:
        import datetime

        from django.utils import timezone
        from wagtail.models import Site

        from tenants.academic_years import AcademicYear
        from tenants.contests.models import ContestsPage, JuryMember, Level, Result
        from tenants.contests.services import (
            application_submit,
            contest_results_publish,
            stage_create,
            stage_result_set,
        )
        from tests.tenants.contests.factories import applicant, contest, score_all
        from tests.tenants.people.factories import TeacherFactory

        _remove(muni.schema_name, muni.pk)
        year = AcademicYear(AcademicYear.current().start - 3)
        with schema_context(muni.schema_name):
            published = contest(title=f"Педагог года {MARK}", year=year, nominations=("Учитель года",),
                                juror_suffix=f"-{MARK}", description="Муниципальный этап.")  # fmt: skip
            stage_create(contest=published, level=Level.MUNICIPAL, place="Дом учителя", acting_user=None)
            nomination = published.nominations.get()
            people = [applicant(published, f"{name}-{MARK}", nomination=nomination)
                      for name in ("Победина", "Призёрова", "Третьева", "Участникова")]  # fmt: skip
            score_all(published, {a: [20 - i, 30 - i] for i, a in enumerate(people)})
            contest_results_publish(contest=published, acting_user=None)
            stage_result_set(application=people[0], level=Level.REGIONAL, result=Result.PRIZE_WINNER,
                             acting_user=None)  # fmt: skip
            open_ = contest(title=f"Воспитатель года {MARK}", year=year, jurors=0,
                            applications_until=timezone.localdate() + datetime.timedelta(days=5))  # fmt: skip
            mine = TeacherFactory(last_name=f"Учителева-{MARK}", user=teacher_user)
            JuryMember.objects.create(contest=open_, teacher=TeacherFactory(last_name=f"Жюри-{MARK}", user=head))
            admitted = applicant(open_, f"Допущенова-{MARK}")
            application_submit(contest=open_, teacher=mine, acting_user=None)
            home = Site.objects.get(is_default_site=True).root_page
            page = ContestsPage(title="Конкурсы педагогов", slug=PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            return {"published": published.pk, "open": open_.pk, "admitted": admitted.pk, "page": page.url_path,
                    "year": year.start}  # fmt: skip

    scene = outside_the_browser_loop(create)
    yield head, teacher_user, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name, muni.pk))


def _public_path(scene: dict[str, Any]) -> str:
    return "/" + scene["page"].strip("/").split("/", 1)[1] + "/"


def test_no_wcag_violations_on_the_contest_pages(contest_scene, live_site, live_municipalities, browser_page):
    head, _teacher, s = contest_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    found = _violations(page, live_site, host, [_public_path(s), f"{_public_path(s)}?year={s['year']}"])
    assert "Победина" in page.content() and "Участникова" not in page.content()
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    found |= _violations(
        page,
        live_site,
        host,
        [
            # The head sits on the open contest's jury (as a teacher record linked to the account).
            f"/contests/jury/{s['open']}/",
            f"/contests/jury/{s['open']}/{s['admitted']}/",
            "/admin/contests/",
            f"/admin/contests/{s['published']}/results/",
            f"/admin/contests/{s['open']}/results/",
            "/admin/contests/applications/",
            "/admin/contests/stage-results/",
        ],
    )
    assert found == {}


@pytest.mark.parametrize("cookie", [None, *LOW_VISION_COOKIES])
def test_no_wcag_violations_for_the_teacher_and_the_public(
    cookie, contest_scene, live_site, live_municipalities, chromium
):
    from cms.base.vision import VISION_COOKIE_NAME

    _head, teacher, s = contest_scene
    host = live_municipalities["a"].default_hostname
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        if cookie:
            context.add_cookies([{"name": VISION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
        page = context.new_page()
        found = {}
        for path in (_public_path(s),):
            page.goto(live_site.url(host, path))
            if violations := axe_violations(page):
                found[path] = violations
        _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), teacher.email)
        found |= _violations(page, live_site, host, ["/contests/", "/growth/", "/cabinet/"])
        assert found == {}
    finally:
        context.close()


def test_no_wcag_violations_on_the_institute_contests_screen(live_site, institute_user, browser_page):  # noqa: F811
    region = settings.REGION_DOMAIN
    page = browser_page
    _sign_in(page, live_site.url(region, "/accounts/login/"), live_site.url(region, "/cabinet/"), institute_user.email)
    assert _violations(page, live_site, region, ["/institute/contests/"]) == {}
