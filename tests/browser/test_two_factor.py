"""In real Chromium: a head of service sets up two-factor sign-in and signs in with a code.

The pages are read and filled as a person would (labels, the secret shown as text), the codes are
computed from that secret as an authenticator app does, and axe-core checks each page in the
normal look and with white-on-black large print.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.axe import axe_violations
from tests.browser.conftest import outside_the_browser_loop
from tests.conftest import PASSWORD
from tests.factories import totp_code

pytestmark = pytest.mark.browser

LOW_VISION = "large.wb.on.normal"


@pytest.fixture(scope="module")
def head(committed_user, live_municipalities):
    return committed_user(Role.HEAD, live_municipalities["a"], first_name="Ольга", last_name="Кодова")


def _axe_clean(page, context, host: str) -> None:
    from cms.base.vision import VISION_COOKIE_NAME

    assert axe_violations(page) == []
    context.add_cookies([{"name": VISION_COOKIE_NAME, "value": LOW_VISION, "domain": host, "path": "/"}])
    page.reload()
    expect(page.locator("body")).to_have_class(re.compile(r"\blv-scheme-wb\b"))
    assert axe_violations(page) == []
    context.clear_cookies(name=VISION_COOKIE_NAME)
    page.reload()


def test_head_enrols_an_authenticator_app_and_signs_in_with_its_code(
    head, live_municipalities, live_site, browser_page
):
    host = live_municipalities["a"].default_hostname
    page = browser_page
    context = page.context

    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(head.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))

    page.get_by_role("link", name="Двухфакторный вход").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Двухфакторный вход")
    _axe_clean(page, context, host)
    page.get_by_role("link", name="Подключить приложение").click()

    # allauth asks for the password again before an authenticator is added.
    expect(page.get_by_role("heading", level=1)).to_have_text("Подтверждение входа")
    _axe_clean(page, context, host)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Подтвердить").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Подключение приложения-аутентификатора")
    expect(page.get_by_role("img", name=re.compile("QR-код"))).to_be_visible()
    _axe_clean(page, context, host)
    secret = page.locator("code.totp-secret").inner_text()
    page.get_by_label("Код аутентификатора").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Подключить").click()
    expect(page.get_by_role("alert")).to_have_text("Неверный код.")
    expect(page.get_by_label("Код аутентификатора")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    page.get_by_label("Код аутентификатора").fill(totp_code(secret))
    page.get_by_role("button", name="Подключить").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Коды восстановления")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    _axe_clean(page, context, host)

    page.locator(".user-nav").get_by_role("button", name="Выйти").click()
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(head.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Код подтверждения")
    _axe_clean(page, context, host)
    page.get_by_label("Код").fill(outside_the_browser_loop(lambda: totp_code(head)))
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))
    expect(page.get_by_text("Двухфакторный вход подключён")).to_be_visible()
