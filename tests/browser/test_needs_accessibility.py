"""In real Chromium with axe-core: the questionnaire of needs answered by its personal link — the
page, a bad submit's errors, the thanks and the refusal of a second answer — with no WCAG 2.1 A/AA
violation in the normal look and every low-vision scheme of the site; the teacher's «Мои анкеты»;
and the staff's screens (card, sending, results, the forms) in the normal and the «more contrast»
admin. Data committed, removed at teardown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_accessibility import LOW_VISION_COOKIES
from tests.browser.test_olympiad_accessibility import _sign_in, _violations

pytestmark = pytest.mark.browser

TITLE = "Потребности педагогов (a11y-needs)"
SCHOOL = "СОШ № a11y-needs"


def _remove(schema: str, municipality_id: int) -> None:
    from audit.models import AuditEntry
    from tenants.needs.models import Questionnaire
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher

    with schema_context(schema):
        Questionnaire.objects.filter(title=TITLE).delete()
        Teacher.objects.filter(organisation__short_name=SCHOOL).delete()
        Organisation.objects.filter(short_name=SCHOOL).delete()
    AuditEntry.objects.filter(municipality_id=municipality_id, action__startswith="needs_").delete()


@pytest.fixture(scope="module")
def needs_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)
    teacher_account = committed_user(Role.TEACHER, muni)

    def create() -> dict[str, Any]:
        from tenants.needs.links import answer_url
        from tenants.needs.services import questionnaire_send
        from tests.tenants.needs.factories import survey
        from tests.tenants.organisations.factories import OrganisationFactory
        from tests.tenants.people.factories import TeacherFactory

        _remove(muni.schema_name, muni.pk)
        with schema_context(muni.schema_name):
            school = OrganisationFactory(short_name=SCHOOL)
            by_link = TeacherFactory(organisation=school, email="a11y-link@example.test")
            in_account = TeacherFactory(organisation=school, user=teacher_account)
            s = survey(title=TITLE)
            recipients = questionnaire_send(
                questionnaire=s.questionnaire, teachers=[by_link, in_account], acting_user=None, notify=False
            )
            link = next(r for r in recipients if r.teacher_id == by_link.pk)
            mine = next(r for r in recipients if r.teacher_id == in_account.pk)
            return {
                "questionnaire": s.questionnaire.pk,
                "question": s.areas.pk,
                "link": urlsplit(answer_url(muni, link.link_key)).path,
                "mine": mine.pk,
                "school": school.pk,
            }

    scene = outside_the_browser_loop(create)
    yield head, teacher_account, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name, muni.pk))


def _check_link_page(page: Any, url: str) -> dict[str, Any]:
    from tests.browser.axe import axe_violations

    found: dict[str, Any] = {}
    page.goto(url)
    expect(page.get_by_text("Анкета анонимная.")).to_be_visible()
    if violations := axe_violations(page):
        found["page"] = violations
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_role("alert")).to_contain_text("Ответы не отправлены: исправьте ошибки")
    if violations := axe_violations(page):
        found["errors"] = violations
    return found


def test_the_link_page_in_every_look_and_one_answer(needs_scene, live_site, live_municipalities, chromium):
    from cms.base.vision import VISION_COOKIE_NAME

    _head, _teacher, s = needs_scene
    host = live_municipalities["a"].default_hostname
    url = live_site.url(host, s["link"])
    found: dict[str, Any] = {}
    for cookie in (None, *LOW_VISION_COOKIES):
        context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
        try:
            if cookie:
                context.add_cookies([{"name": VISION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])
            page = context.new_page()
            for where, violations in _check_link_page(page, url).items():
                found[f"{cookie or 'normal'} {where}"] = violations
        finally:
            context.close()
    assert found == {}

    context = chromium.new_context(locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(url)
        page.get_by_label("Цифровые технологии").check()
        page.get_by_label("2", exact=True).check()
        page.get_by_label("Дистанционно").check()
        page.get_by_label("Ваши предложения").fill("Больше практики")
        page.get_by_role("button", name="Отправить ответы").click()
        expect(page.get_by_role("status")).to_contain_text("Ваши ответы приняты")
        page.goto(url)
        expect(page.get_by_role("status")).to_contain_text("Повторный ответ не принимается")
        page.goto(live_site.url(host, "/needs/answer/forged:token/"))
        expect(page.get_by_role("heading", name="Ссылка недействительна")).to_be_visible()
    finally:
        context.close()


def test_the_teachers_list_and_the_staff_screens(needs_scene, live_site, live_municipalities, browser_page):
    head, teacher, s = needs_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), teacher.email)
    found = _violations(page, live_site, host, ["/needs/", f"/needs/{s['mine']}/"])
    page.context.clear_cookies()
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    base = f"/admin/needs/questionnaires/{s['questionnaire']}"
    screens = [
        "/admin/needs/questionnaires/",
        "/admin/needs/questionnaires/new/",
        f"{base}/card/",
        f"{base}/send/?organisations={s['school']}",
        f"{base}/results/",
        f"{base}/results/?organisation={s['school']}",
        f"/admin/needs/questionnaires/edit/{s['questionnaire']}/",
        f"/admin/needs/questions/edit/{s['question']}/",
        "/admin/needs/questions/new/",
    ]
    found |= _violations(page, live_site, host, screens)
    _contrast(head, live_municipalities["a"], "more_contrast")
    try:
        found |= {f"more contrast {k}": v for k, v in _violations(page, live_site, host, screens).items()}
    finally:
        _contrast(head, live_municipalities["a"], "system")
    assert found == {}


def _contrast(user: Any, municipality: Any, contrast: str) -> None:
    from wagtail.users.models import UserProfile

    def update() -> None:
        with schema_context(municipality.schema_name):
            profile = UserProfile.get_for_user(user)
            profile.contrast = contrast
            profile.save(update_fields=["contrast"])

    outside_the_browser_loop(update)
