"""Signed-in Chromium contexts, one per person of the scene, each with two pages the walk reuses
(axe checks one while the other loads the next screen).

The browser is Debian's Chromium (``executable_path``), never one Playwright downloads. People
sign in through allauth's login page as they would; the operator also gives the code of the
authenticator app the scene enrolled.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import expect

from accounts.models import User
from tests.browser.axe import axe_preload
from tests.browser.conftest import LiveSite, outside_the_browser_loop
from tests.conftest import PASSWORD
from tests.factories import totp_code


class StaffBrowser:
    """Contexts by (person, host), made on first use and closed together."""

    def __init__(self, chromium: Any, live_site: LiveSite) -> None:
        self.chromium = chromium
        self.live_site = live_site
        self.pages: dict[tuple[str, str], tuple[Any, Any]] = {}

    def page_pair(self, person: str, user: User, host: str) -> tuple[Any, Any]:
        key = (person, host)
        if key not in self.pages:
            context = self.chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
            context.set_default_timeout(20_000)
            axe_preload(context)
            page = context.new_page()
            self._sign_in(page, user, host)
            self.pages[key] = (page, context.new_page())  # the second shares the session
        return self.pages[key]

    def _sign_in(self, page: Any, user: User, host: str) -> None:
        page.goto(self.live_site.url(host, "/accounts/login/"))
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        if "/2fa/" in page.url:
            page.get_by_label("Код").fill(outside_the_browser_loop(lambda: totp_code(user)))
            page.get_by_role("button", name="Войти").click()
        expect(page).to_have_url(self.live_site.url(host, "/cabinet/"))

    def close(self) -> None:
        for page, _second in self.pages.values():
            page.context.close()
        self.pages.clear()


@contextmanager
def staff_browser(chromium: Any, live_site: LiveSite) -> Iterator[StaffBrowser]:
    browser = StaffBrowser(chromium, live_site)
    try:
        yield browser
    finally:
        browser.close()
