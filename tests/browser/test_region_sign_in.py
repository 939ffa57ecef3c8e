"""In real Chromium: sign in once for the region (issue 21, item 3).

A methodologist who works in two municipalities signs in on the region's host, opens A's admin from
the cabinet and B's admin without signing in again; Wagtail's own JavaScript posts with the CSRF
token it reads from the page (no script can read a session or CSRF cookie); then the browser goes
to A's extra domain — which no cookie of the region reaches — and comes in through the handoff;
signing out there with Wagtail's menu signs out of the region and every municipality too.

The extra domain is mapped to 127.0.0.1 by Chromium's host resolver (``*.localhost`` resolves on
its own, any other name would go to DNS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role, SignInHandoff
from accounts.services import role_grant
from audit.models import AuditEntry
from tests.browser.axe import axe_violations
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, outside_the_browser_loop
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

EXTRA = "obrazovanie-alfa.test"
LOW_VISION = "large.wb.on.normal"


@pytest.fixture(scope="module")
def extra_domain(live_municipalities) -> Iterator[str]:
    from tenants.municipalities.models import Domain

    muni_a = live_municipalities["a"]
    outside_the_browser_loop(lambda: Domain.objects.create(domain=EXTRA, tenant=muni_a, is_primary=False))
    yield EXTRA
    outside_the_browser_loop(lambda: Domain.objects.filter(domain=EXTRA).delete())


@pytest.fixture(scope="module")
def methodologist(committed_user, live_municipalities) -> Iterator[Any]:
    """A methodologist of A and of B (committed); B's per-person admin rows go at teardown, A's
    with the user (``committed_user``)."""
    muni_a, muni_b = live_municipalities["a"], live_municipalities["b"]
    person = committed_user(Role.METHODOLOGIST, muni_a, first_name="Вера", last_name="Двухрайонная")
    outside_the_browser_loop(
        lambda: role_grant(user=person, role=Role.METHODOLOGIST, municipality=muni_b, acting_user=None)
    )
    yield person

    def clean() -> None:
        from wagtail.users.models import UserProfile

        with schema_context(muni_b.schema_name):
            UserProfile.objects.filter(user_id=person.pk).delete()
        SignInHandoff.objects.filter(user_id=person.pk).delete()
        AuditEntry.objects.filter(actor_id=person.pk).delete()

    outside_the_browser_loop(clean)


@pytest.fixture(scope="module")
def mapped_chromium(live_site) -> Iterator[Any]:
    """Chromium that resolves the extra domain to this machine."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {EXTRA} 127.0.0.1"]
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(mapped_chromium) -> Iterator[Any]:
    context = mapped_chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _admin_posts_with_the_pages_token(page) -> None:
    """What Wagtail's scripts do (a PATCH to the dismissibles with the token from wagtailConfig)
    succeeds; the same without the token is refused; no script sees a session or CSRF cookie."""
    statuses = page.evaluate(
        """async () => {
            const config = JSON.parse(document.getElementById('wagtail-config').textContent);
            const ask = (headers) => fetch(config.ADMIN_URLS.DISMISSIBLES, {
                method: 'PATCH', mode: 'same-origin', body: JSON.stringify({'metodika-test': true}),
                headers: {'Content-Type': 'application/json', ...headers},
            }).then(r => r.status);
            return [await ask({[config.CSRF_HEADER_NAME]: config.CSRF_TOKEN}), await ask({})];
        }"""
    )
    assert statuses == [200, 403]
    cookies = page.evaluate("document.cookie")
    assert settings.SESSION_COOKIE_NAME not in cookies and settings.CSRF_COOKIE_NAME not in cookies


def test_sign_in_once_for_the_region_then_hand_off_to_an_extra_domain_and_sign_out_everywhere(
    methodologist, extra_domain, live_municipalities, live_site, page
):
    muni_a, muni_b = live_municipalities["a"], live_municipalities["b"]
    region, a_host, b_host = settings.REGION_DOMAIN, muni_a.default_hostname, muni_b.default_hostname

    page.goto(live_site.url(region, "/accounts/login/"))
    page.locator("input[name=login]").fill(methodologist.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(region, "/cabinet/"))
    session_cookies = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    assert len(session_cookies) == 1
    assert session_cookies[0]["domain"].lstrip(".") == region
    assert session_cookies[0]["httpOnly"] and session_cookies[0]["sameSite"] == "Lax"

    # The cabinet's link opens A's admin: no second sign-in.
    page.get_by_role("row").filter(has_text=muni_a.name).get_by_role("link", name="Рабочий кабинет").click()
    expect(page).to_have_url(live_site.url(a_host, "/admin/"))
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(muni_a.short_name)
    _admin_posts_with_the_pages_token(page)

    # And B's, where the same person also works.
    page.goto(live_site.url(b_host, "/admin/"))
    expect(page).to_have_url(live_site.url(b_host, "/admin/"))
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(muni_b.short_name)

    # A's extra domain: the region's cookie does not reach it; its login page offers the region's.
    page.goto(live_site.url(extra_domain, "/admin/"))
    expect(page).to_have_url(re.compile(re.escape(live_site.url(extra_domain, "/accounts/login/"))))
    page.get_by_role("link", name=re.compile("Войти через сайт региона")).click()
    expect(page).to_have_url(live_site.url(extra_domain, "/admin/"))
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text(muni_a.short_name)
    extra_cookie = [c for c in page.context.cookies() if c["domain"].lstrip(".") == extra_domain]
    assert [c["name"] for c in extra_cookie] == [settings.SESSION_COOKIE_NAME]
    assert extra_cookie[0]["httpOnly"] and extra_cookie[0]["sameSite"] == "Lax"
    _admin_posts_with_the_pages_token(page)

    # One handoff, one row (consumed: see tests/accounts/test_region_sign_in.py for replays).
    used = outside_the_browser_loop(lambda: SignInHandoff.objects.filter(user_id=methodologist.pk).count())
    assert used == 1

    # Signing out with Wagtail's own menu (a form its script builds with the page's token) signs
    # out everywhere: the extra domain, the region, A and B.
    page.locator(".sidebar-footer__account-toggle").click()
    page.locator("form[action$='/admin/logout/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(live_site.url(extra_domain, "/accounts/login/"))))
    for host in (extra_domain, region, a_host, b_host):
        page.goto(live_site.url(host, "/cabinet/"))
        expect(page).to_have_url(re.compile(re.escape(live_site.url(host, "/accounts/login/"))))


def _axe_clean_in_both_looks(page, host: str) -> None:
    from cms.base.vision import VISION_COOKIE_NAME

    assert axe_violations(page) == []
    page.context.add_cookies([{"name": VISION_COOKIE_NAME, "value": LOW_VISION, "domain": host, "path": "/"}])
    page.reload()
    expect(page.locator("body")).to_have_class(re.compile(r"\blv-scheme-wb\b"))
    assert axe_violations(page) == []
    page.context.clear_cookies(name=VISION_COOKIE_NAME)


def test_a_refused_handoff_and_a_stale_form_explain_themselves_accessibly(
    extra_domain, live_municipalities, live_site, page
):
    page.goto(live_site.url(extra_domain, "/accounts/handoff/redeem/?token=forged"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ссылка для входа не подошла")
    _axe_clean_in_both_looks(page, extra_domain)

    # A form whose session has gone (signed out elsewhere): the CSRF refusal, in Russian.
    a_host = live_municipalities["a"].default_hostname
    page.goto(live_site.url(a_host, "/accounts/login/"))
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.locator("input[name=login]").fill("nobody@example.test")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Форма устарела")
    _axe_clean_in_both_looks(page, a_host)
