"""In real Chromium: a methodologist signs in on their municipality's host and reaches its admin.

The same browser then gets nothing from another municipality's admin: the session is the
region's, shared by B's host (issue 21), but roles are per municipality, and B's admin sends a
person without a role there to B's login page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Kept for a person to look at: the login page as Chromium drew it.
SCREENSHOT = Path(tempfile.gettempdir()) / "metodika-browser-login.png"


@pytest.fixture(scope="module")
def methodologist(committed_user, live_municipalities):
    return committed_user(Role.METHODOLOGIST, live_municipalities["a"], first_name="Анна", last_name="Орлова")


def test_methodologist_signs_in_on_a_reaches_a_admin_and_not_b_admin(
    methodologist, live_municipalities, live_site, browser_page
):
    muni_a, muni_b = live_municipalities["a"], live_municipalities["b"]
    a_host, b_host = muni_a.default_hostname, muni_b.default_hostname
    page = browser_page

    page.goto(live_site.url(a_host))
    expect(page.locator(".site-header .brand-name")).to_have_text(muni_a.short_name)
    page.locator(".user-nav").get_by_role("link", name="Войти").click()

    expect(page).to_have_url(live_site.url(a_host, "/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Вход")
    expect(page.get_by_label("Пароль")).to_be_visible()
    expect(page.get_by_role("link", name="Забыли пароль?")).to_be_visible()
    expect(page.locator("link[href$='css/site.css']")).to_have_count(1)
    # The stylesheet is served and applied: the header has the brand's dark blue.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(8, 58, 102)")
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.locator("input[name=login]").fill(methodologist.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page).to_have_url(live_site.url(a_host, "/cabinet/"))
    expect(page.get_by_role("heading", name="Мой кабинет")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=muni_a.name)
    expect(row).to_contain_text(str(Role.METHODOLOGIST.label))

    row.get_by_role("link", name="Рабочий кабинет").click()
    expect(page).to_have_url(live_site.url(a_host, "/admin/"))
    expect(page.locator("body#wagtail")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Главное меню")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(muni_a.short_name)

    page.goto(live_site.url(b_host, "/admin/"))
    expect(page).to_have_url(live_site.url(b_host, "/accounts/login/?next=/admin/"))
    expect(page.locator(".site-header .brand-name")).to_have_text(muni_b.short_name)
    expect(page.locator("body#wagtail")).to_have_count(0)
    expect(page.locator("input[name=login]")).to_be_visible()

    # Back on A the session is still there; signing out ends it.
    page.goto(live_site.url(a_host, "/cabinet/"))
    expect(page.get_by_role("heading", name="Мой кабинет")).to_be_visible()
    page.locator(".user-nav").get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(live_site.url(a_host, "/accounts/login/"))
    page.goto(live_site.url(a_host, "/admin/"))
    expect(page).to_have_url(live_site.url(a_host, "/accounts/login/?next=/admin/"))
