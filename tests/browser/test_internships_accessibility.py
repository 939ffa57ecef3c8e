"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation, in the normal look and in low vision,
on the internship sites' public page, the portal's banks of internship sites and of best practices
(a search included), the teacher's internships, and the staff screens of internships (the cohort,
the institute's proposals, a practice's way to the region's bank) and of the institute (sites,
nominations, a decision). Data committed, removed at teardown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_olympiad_accessibility import _sign_in, _violations, institute_user  # noqa: F401

pytestmark = pytest.mark.browser

TOPIC = "Смысловое чтение (a11y-internships)"
PRACTICE = "Сетевые проекты чтения (a11y-internships)"
PAGE_SLUG = "a11y-stazhirovki"
LOW_VISION = "large.bw.on.normal"
SCHOOL = "МБОУ «Лицей a11y-internships»"
INN = "4714990015"


def _recommended(title: str, school: Any, author: Any) -> Any:
    from tenants.practices.models import PracticeLevel, PracticeStatus
    from tenants.practices.services import practice_create, practice_status_change

    practice = practice_create(
        acting_user=None, title=title, organisation=school, description="Сетевые проекты и чтение с родителями",
        level=PracticeLevel.REGIONAL, authors=[author],
    )  # fmt: skip
    for status in (PracticeStatus.REVIEWED, PracticeStatus.RECOMMENDED):
        practice_status_change(practice=practice, status=status, acting_user=None, skip_permission_checks=True)
    return practice


def _remove(schema: str, municipality_id: int) -> None:
    from wagtail.models import Page

    from regional_banks.models import InternshipProposal, InternshipSiteEntry, PracticeNomination
    from tenants.internships.models import Enrolment, Internship, InternshipProgramme, InternshipSite
    from tenants.organisations.models import Organisation, OrganisationSiteStatus
    from tenants.people.models import Teacher
    from tenants.practices.models import Practice

    with schema_context(schema):
        sites = InternshipSite.objects.filter(organisation__inn=INN)
        Enrolment.objects.filter(internship__programme__site__in=sites).delete()
        Internship.objects.filter(programme__site__in=sites).delete()
        InternshipProgramme.objects.filter(site__in=sites).delete()
        organisations = list(sites.values_list("organisation_id", flat=True))
        sites.delete()
        OrganisationSiteStatus.objects.filter(topic=TOPIC).delete()
        Practice.objects.filter(organisation__inn=INN).delete()
        Enrolment.objects.filter(teacher__organisation__inn=INN).delete()
        Teacher.objects.filter(organisation__inn=INN).delete()
        Organisation.objects.filter(pk__in=organisations).delete()
        Organisation.objects.filter(inn=INN).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()
    InternshipSiteEntry.objects.filter(municipality_id=municipality_id, topic=TOPIC).delete()
    PracticeNomination.objects.filter(title__startswith=PRACTICE).delete()
    InternshipProposal.objects.filter(title="Региональная стажировка (a11y)").delete()


@pytest.fixture(scope="module")
def internships_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)
    teacher_user = committed_user(Role.TEACHER, muni)

    def create() -> dict[str, Any]:
        from wagtail.models import Site

        from accounts.models import User
        from regional_banks.models import InternshipSiteEntry
        from regional_banks.services import internship_proposal_create, practice_nomination_decide
        from tenants.internships.models import InternshipSitesPage
        from tenants.internships.services import enrolment_apply, internship_site_create
        from tenants.organisations.models import Organisation, OrganisationKind
        from tenants.practices.regional import practice_nominate
        from tests.factories import UserFactory
        from tests.tenants.internships.factories import internship
        from tests.tenants.organisations.factories import OrganisationSiteStatusFactory
        from tests.tenants.people.factories import TeacherFactory

        _remove(muni.schema_name, muni.pk)
        with tenant_context(muni):  # the municipality, not only its schema: the region's bank is written
            # Our own organisation and INN (not the factories' sequence): a failed run leaves nothing
            # that collides with another test's factory rows, and _remove finds all of it.
            school = Organisation.objects.create(
                kind=OrganisationKind.SCHOOL, short_name=SCHOOL, full_name=SCHOOL, inn=INN, address="г. Луга"
            )
            status = OrganisationSiteStatusFactory(organisation=school, topic=TOPIC)
            card = internship_site_create(site_status=status, acting_user=None, description="Открытые уроки")
            cohort = internship(on_site=card, capacity=5, title="Стратегии смыслового чтения")
            author = TeacherFactory(organisation=school, last_name="Авторова")
            enrolment_apply(
                internship=cohort, teacher=TeacherFactory(organisation=school, user=teacher_user), acting_user=None
            )
            practice = _recommended(PRACTICE, school, author)
            nomination = practice_nominate(practice=practice, acting_user=None)
            home = Site.objects.get(is_default_site=True).root_page
            page = InternshipSitesPage(title="Стажировочные площадки", slug=PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            path = "/" + page.url_path.strip("/").split("/", 1)[1] + "/"
        institute = User.objects.filter(email="a11y-internships-institute@example.test").first()
        if institute is None:
            from accounts.services import role_grant

            institute = UserFactory(email="a11y-internships-institute@example.test")
            role_grant(user=institute, role=Role.INSTITUTE, municipality=None, acting_user=None)
        entry = InternshipSiteEntry.objects.get(municipality=muni, site_id=card.pk)
        today = datetime.date.today()
        internship_proposal_create(
            acting_user=institute, site=entry, title="Региональная стажировка (a11y)", hours=8, capacity=5,
            starts_on=today + datetime.timedelta(days=40), ends_on=today + datetime.timedelta(days=41),
        )  # fmt: skip
        practice_nomination_decide(
            nomination=nomination, accept=True, decided_on=today, protocol_number="a11y-1", acting_user=institute
        )
        with tenant_context(muni):  # a second one waits: its screen shows the council's form
            waiting = practice_nominate(practice=_recommended(f"{PRACTICE} 2", school, author), acting_user=None)
        return {"path": path, "cohort": cohort.pk, "practice": practice.pk, "nomination": waiting.pk}

    scene = outside_the_browser_loop(create)
    yield head, teacher_user, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name, muni.pk))


def _public(s: dict[str, Any], host: str) -> list[tuple[str, str]]:
    region = settings.REGION_DOMAIN
    return [
        (host, s["path"]),
        (region, "/internships/"),
        (region, "/practices/"),
        (region, "/practices/?q=%D1%81%D0%B5%D1%82%D0%B5%D0%B2%D0%BE%D0%B9+%D0%BF%D1%80%D0%BE%D0%B5%D0%BA%D1%82"),
    ]


def _check(page: Any, live_site: Any, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    found = {}
    for host, path in pairs:
        found |= _violations(page, live_site, host, [path])
    return found


def test_no_wcag_violations_on_the_public_banks(
    internships_scene, live_site, live_municipalities, browser_page, chromium
):
    from cms.base.vision import VISION_COOKIE_NAME

    _head, _teacher, s = internships_scene
    host = live_municipalities["a"].default_hostname
    found = _check(browser_page, live_site, _public(s, host))
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        context.add_cookies(
            [
                {"name": VISION_COOKIE_NAME, "value": LOW_VISION, "domain": h, "path": "/"}
                for h in (host, settings.REGION_DOMAIN)
            ]
        )
        found |= {f"low vision {k}": v for k, v in _check(context.new_page(), live_site, _public(s, host)).items()}
    finally:
        context.close()
    assert found == {}


def test_no_wcag_violations_on_the_teacher_and_staff_screens(
    internships_scene, live_site, live_municipalities, browser_page
):
    head, teacher, s = internships_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), teacher.email)
    found = _violations(page, live_site, host, ["/internships/"])
    assert "Стратегии смыслового чтения" in page.content()
    page.context.clear_cookies()
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    found |= _violations(
        page,
        live_site,
        host,
        [
            "/admin/internships/sites/",
            "/admin/internships/internships/",
            f"/admin/internships/internships/{s['cohort']}/cohort/",
            "/admin/internships/proposals/",
            f"/admin/practices/regional/{s['practice']}/",
        ],
    )
    assert found == {}


def test_no_wcag_violations_on_the_institute_screens(internships_scene, live_site, institute_user, browser_page):  # noqa: F811
    _head, _teacher, s = internships_scene
    region = settings.REGION_DOMAIN
    page = browser_page
    _sign_in(page, live_site.url(region, "/accounts/login/"), live_site.url(region, "/cabinet/"), institute_user.email)
    found = _violations(
        page,
        live_site,
        region,
        [
            "/institute/internships/",
            "/institute/internships/propose/",
            "/institute/practices/",
            f"/institute/practices/{s['nomination']}/",
        ],
    )
    assert found == {}
