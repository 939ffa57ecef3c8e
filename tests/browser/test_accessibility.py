"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on any page type of the public
sites, in the normal look and in every low-vision colour scheme; the skip link, visible focus
and the low-vision switch work from the keyboard and without JavaScript.

The pages' content is committed (the server runs outside the test's transaction) and removed
at teardown.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import outside_the_browser_loop

pytestmark = pytest.mark.browser

LOW_VISION_COOKIES = ["large.bw.on.normal", "xlarge.wb.off.wide", "large.blue.on.wide"]


@pytest.fixture(scope="module")
def site_content(live_municipalities: dict[str, Any]) -> Any:
    """A page with every block, a tagged article, a ГМО with a leader and plan, regional news."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Site

    from cms.home.models import StandardPage
    from cms.news.models import NewsIndexPage, NewsPage
    from region.models import RegionalNews
    from tenants.academic_years import AcademicYear
    from tenants.bodies.models import Body, BodyKind, BodyMembership, BodyPlanItem, BodyYear, MemberRole
    from tenants.organisations.models import Organisation
    from tenants.people.models import Subject, Teacher
    from tests.tenants.people.factories import TeacherFactory

    muni = live_municipalities["a"]
    year = AcademicYear.current()

    def leftovers_remove() -> None:
        """What an interrupted earlier run may have committed."""
        from wagtail.models import Page

        with schema_context(muni.schema_name):
            Page.objects.filter(slug__in=["a11y-bloki", "a11y-novost"]).delete()
            Image.objects.filter(title="a11y").delete()
            Body.objects.filter(name="ГМО учителей математики (a11y)").delete()
            teachers = Teacher.objects.filter(last_name="Смирнова-a11y")
            organisations = list(teachers.values_list("organisation_id", flat=True))
            teachers.delete()
            Organisation.objects.filter(pk__in=organisations).delete()
            Subject.objects.filter(name="Математика (a11y)").delete()
        RegionalNews.objects.filter(summary="Заявки до 1 декабря (a11y).").delete()

    def create() -> dict[str, Any]:
        leftovers_remove()
        with schema_context(muni.schema_name):
            home = Site.objects.get(is_default_site=True).root_page
            image = Image.objects.create(title="a11y", file=get_test_image_file())
            body = [
                ("heading", {"text": "Программа", "level": "h2"}),
                ("paragraph", "<p>Занятия проходят раз в месяц в <a href='/kontakty/'>методическом кабинете</a>.</p>"),
                ("image", {"image": image, "alt_text": "Педагоги на семинаре", "caption": "Семинар в школе № 2"}),
                ("table", {"caption": "Расписание", "header": ["Месяц", "Тема"], "rows": [["Октябрь", "Портфолио"]]}),
                ("accordion", {"title": "Вопросы", "items": [{"heading": "Кто участвует?", "body": "<p>Все.</p>"}]}),
            ]
            page = home.add_child(instance=StandardPage(title="Школа молодого педагога", slug="a11y-bloki", body=body))
            page.save_revision().publish()
            news = NewsIndexPage.objects.get()
            article = NewsPage(
                title="Итоги конференции",
                slug="a11y-novost",
                intro="Участвовали 120 педагогов.",
                image=image,
                image_alt="Зал конференции",
            )
            article.tags.add("конференции")
            news.add_child(instance=article)
            article.save_revision().publish()
            subject, _ = Subject.objects.get_or_create(name="Математика (a11y)")
            gmo = Body.objects.create(
                kind=BodyKind.CITY_ASSOCIATION,
                name="ГМО учителей математики (a11y)",
                subject=subject,
                since_year=year.start,
                topic="Функциональная грамотность",
            )
            leader = TeacherFactory(last_name="Смирнова-a11y", first_name="Ольга", middle_name="Петровна")
            BodyMembership.objects.create(body=gmo, teacher=leader, role=MemberRole.LEADER, academic_year=year.start)
            body_year = BodyYear.objects.create(body=gmo, academic_year=year.start)
            BodyPlanItem.objects.create(
                body_year=body_year, month=10, topic="Разбор заданий ВПР", form_of_work="Семинар"
            )
        regional = RegionalNews.objects.create(
            title="Старт конкурса «Педагог года»", summary="Заявки до 1 декабря (a11y)."
        )
        return {"gmo": gmo.pk, "regional": regional.pk}

    made = outside_the_browser_loop(create)
    yield made

    outside_the_browser_loop(leftovers_remove)


def _municipal_paths(content: dict[str, Any]) -> list[str]:
    return [
        "/",
        "/a11y-bloki/",
        "/novosti/",
        "/novosti/a11y-novost/",
        "/novosti/?tag=конференции",
        "/kontakty/",
        "/metodicheskie-obedineniya/",
        f"/metodicheskie-obedineniya/{content['gmo']}/",
        "/search/?q=педагог",
        "/net-takoi-stranicy/",
        "/accounts/login/",
    ]


def _region_paths(content: dict[str, Any]) -> list[str]:
    return ["/", "/news/", f"/news/{content['regional']}/"]


def _check_all(page: Any, urls: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for url in urls:
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    return found


def test_axe_reports_what_it_should(browser_page):
    """The check itself can fail: a missing text alternative and an unlabelled field are caught."""
    browser_page.set_content(
        '<html lang="ru"><head><title>t</title></head><body><main><h1>t</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    assert {v["id"] for v in axe_violations(browser_page)} >= {"image-alt", "label"}


def test_no_wcag_violations_in_the_normal_look(site_content, live_site, live_municipalities, browser_page):
    host = live_municipalities["a"].default_hostname
    from django.conf import settings

    urls = [live_site.url(host, p) for p in _municipal_paths(site_content)]
    urls += [live_site.url(settings.REGION_DOMAIN, p) for p in _region_paths(site_content)]
    assert _check_all(browser_page, urls) == {}


@pytest.mark.parametrize("cookie", LOW_VISION_COOKIES)
def test_no_wcag_violations_in_low_vision_mode(cookie, site_content, live_site, live_municipalities, chromium):
    from django.conf import settings

    from cms.base.vision import VISION_COOKIE_NAME

    host = live_municipalities["a"].default_hostname
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        context.add_cookies(
            [
                {"name": VISION_COOKIE_NAME, "value": cookie, "domain": h, "path": "/"}
                for h in (host, settings.REGION_DOMAIN)
            ]
        )
        page = context.new_page()
        urls = [live_site.url(host, p) for p in _municipal_paths(site_content)]
        urls += [live_site.url(settings.REGION_DOMAIN, p) for p in _region_paths(site_content)]
        page.goto(urls[0])
        expect(page.locator("body")).to_have_class(
            f"lv lv-font-{cookie.split('.')[0]} "
            + " ".join(
                f"lv-{k}-{v}" for k, v in zip(("scheme", "images", "spacing"), cookie.split(".")[1:], strict=True)
            )
            + " "
        )
        assert _check_all(page, urls) == {}
    finally:
        context.close()


def test_skip_link_and_visible_focus_from_the_keyboard(site_content, live_site, live_municipalities, browser_page):
    page = browser_page
    page.goto(live_site.url(live_municipalities["a"].default_hostname, "/a11y-bloki/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab stops inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    # The accordion opens from the keyboard.
    summary = page.locator("summary", has_text="Кто участвует?")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details")).to_have_attribute("open", "")


def test_the_low_vision_switch_works_without_javascript(site_content, live_site, live_municipalities, chromium):
    context = chromium.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        page = context.new_page()
        host = live_municipalities["a"].default_hostname
        page.goto(live_site.url(host, "/a11y-bloki/"))
        expect(page.get_by_role("img", name="Педагоги на семинаре")).to_be_visible()
        page.get_by_role("button", name="Версия для слабовидящих").click()
        expect(page).to_have_url(live_site.url(host, "/a11y-bloki/"))
        expect(page.locator("body")).to_have_class("lv lv-font-large lv-scheme-bw lv-images-on lv-spacing-normal ")
        page.get_by_role("group", name="Цвета").get_by_label("Белым по чёрному").check()
        page.get_by_role("group", name="Изображения").get_by_label("Не показывать").check()
        page.get_by_role("button", name="Применить").click()
        expect(page.locator("body")).to_have_css("background-color", "rgb(0, 0, 0)")
        expect(page.get_by_role("img", name="Педагоги на семинаре")).to_have_count(0)
        expect(page.get_by_text("Педагоги на семинаре")).to_be_visible()
        # Remembered on the next page and the next visit.
        page.goto(live_site.url(host, "/kontakty/"))
        expect(page.locator("body")).to_have_class("lv lv-font-large lv-scheme-wb lv-images-off lv-spacing-normal ")
        page.get_by_role("button", name="Обычная версия сайта").click()
        expect(page.locator("body")).not_to_have_class("lv")
    finally:
        context.close()
