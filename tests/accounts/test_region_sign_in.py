"""Signing in once for the region (issue 21, item 3).

One session cookie for the region's host and its subdomains, roles still per schema; a one-time
handoff to a municipality's extra domain; sign-out everywhere; and what sharing a cookie across
subdomains exposes: CSRF tokens kept in the session, so a cookie tossed by a sibling subdomain
validates nothing, and no cross-host POST.

Each Django test client stands for one browser's cookies for one site: the region's shared cookie
(the region client, also used on subdomains) or an extra domain's own.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.signing import dumps
from django.test import Client, override_settings
from django.utils import timezone

from accounts.handoff import HANDOFF_SALT, HANDOFF_STATE_KEY
from accounts.models import Role, SignInHandoff
from accounts.services import role_grant
from audit.models import AuditEntry
from tenants.municipalities.models import Domain
from tests.conftest import PASSWORD

SESSION = settings.SESSION_COOKIE_NAME
EXTRA_A = "obrazovanie-alfa.example.test"
EXTRA_B = "obrazovanie-beta.example.test"


@pytest.fixture
def extra_domains(muni_a, muni_b):
    Domain.objects.create(domain=EXTRA_A, tenant=muni_a, is_primary=False)
    Domain.objects.create(domain=EXTRA_B, tenant=muni_b, is_primary=False)
    return {"a": EXTRA_A, "b": EXTRA_B}


def _sign_in(client: Client, host: str, user) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_HOST=host)
    assert response.status_code == 302, response.content.decode()[-500:]


def _csrf_token(client: Client, host: str, path: str = "/cabinet/") -> str:
    page = client.get(path, HTTP_HOST=host).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


# --- one session across the region's subdomains ---------------------------------------------


def test_the_session_cookie_is_the_regions_parent_domains_httponly_and_lax(muni_a, make_user):
    person = make_user(Role.METHODOLOGIST, muni_a)
    client = Client()
    _sign_in(client, muni_a.default_hostname, person)
    cookie = client.cookies[SESSION]
    assert cookie["domain"] == settings.REGION_DOMAIN
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert settings.CSRF_USE_SESSIONS and settings.CSRF_COOKIE_HTTPONLY
    assert "metodika_csrf" not in client.cookies  # no token in a cookie a sibling could overwrite


def test_signed_in_on_a_municipality_is_signed_in_on_the_region_and_the_other_way(muni_a, muni_b, make_user):
    person = make_user(Role.METHODOLOGIST, muni_a)
    role_grant(user=person, role=Role.METHODOLOGIST, municipality=muni_b, acting_user=None)  # works in both
    client = Client()
    _sign_in(client, settings.REGION_DOMAIN, person)
    for host in (muni_a.default_hostname, muni_b.default_hostname):
        assert client.get("/admin/", HTTP_HOST=host).status_code == 200


def test_a_session_from_a_gives_nothing_in_b(muni_a, muni_b, make_user):
    """The cookie reaches B; B's staff screens still refuse a person whose role is only in A."""
    head = make_user(Role.HEAD, muni_a)
    client = Client()
    _sign_in(client, muni_a.default_hostname, head)
    a_host, b_host = muni_a.default_hostname, muni_b.default_hostname
    for path in ("/admin/", "/admin/staff/", "/admin/audit/", "/admin/documents/"):
        assert client.get(path, HTTP_HOST=a_host).status_code == 200, path
        answer = client.get(path, HTTP_HOST=b_host)
        assert answer.status_code in (302, 403), path
        if answer.status_code == 302:
            assert answer["Location"].startswith(("/admin/login/", "/accounts/login/")), path
    # Signed in on B as well (the cabinet opens), with no role there.
    cabinet = client.get("/cabinet/", HTTP_HOST=b_host)
    assert cabinet.status_code == 200 and head.email in cabinet.content.decode()


# --- CSRF across subdomains -------------------------------------------------------------------


def test_a_csrf_cookie_tossed_by_a_sibling_subdomain_does_not_validate_a_post(muni_a, make_user):
    """A sibling subdomain can set ``metodika_csrf=<chosen>`` for the parent domain and post the
    same value: with the secret in the session the cookie is ignored."""
    person = make_user(Role.METHODOLOGIST, muni_a)
    host = muni_a.default_hostname
    client = Client(enforce_csrf_checks=True)
    _sign_in_through_form(client, host, person)
    chosen = "x" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = chosen
    forged = client.post("/accounts/logout/", {"csrfmiddlewaretoken": chosen}, HTTP_HOST=host)
    assert forged.status_code == 403
    assert "Форма устарела" in forged.content.decode() and "Content-Security-Policy" in forged
    assert client.get("/cabinet/", HTTP_HOST=host).status_code == 200  # still signed in
    # The same request with the old, cookie-based tokens would have passed: the test can fail.
    with override_settings(CSRF_USE_SESSIONS=False):
        assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": chosen}, HTTP_HOST=host).status_code == 302


def test_a_post_from_a_sibling_subdomains_page_is_refused_though_the_token_is_good(muni_a, muni_b, make_user):
    """The session (and so the token) is shared; a page of B posting to A sends B's Origin."""
    person = make_user(Role.METHODOLOGIST, muni_a)
    a_host, b_host = muni_a.default_hostname, muni_b.default_hostname
    client = Client(enforce_csrf_checks=True)
    _sign_in_through_form(client, a_host, person)
    token = _csrf_token(client, b_host)  # read on B's page, as a script on B could
    forged = client.post(
        "/accounts/logout/", {"csrfmiddlewaretoken": token}, HTTP_HOST=a_host, HTTP_ORIGIN=f"http://{b_host}"
    )
    assert forged.status_code == 403
    assert client.get("/cabinet/", HTTP_HOST=a_host).status_code == 200
    same_host = client.post(
        "/accounts/logout/", {"csrfmiddlewaretoken": token}, HTTP_HOST=a_host, HTTP_ORIGIN=f"http://{a_host}"
    )
    assert same_host.status_code == 302


@pytest.mark.parametrize("on_extra_domain", [False, True])
def test_an_https_post_without_origin_needs_a_referer_from_this_very_host(
    muni_a, muni_b, make_user, extra_domains, on_extra_domain
):
    """Django would take a Referer from anywhere under the session cookie's domain (a sibling)."""
    person = make_user(Role.METHODOLOGIST, muni_a)
    host = EXTRA_A if on_extra_domain else muni_a.default_hostname
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        client.get("/cabinet/", HTTP_HOST=host, secure=True).content.decode(),
    ).group(1)

    def post(referer: str):
        return client.post(
            "/accounts/logout/", {"csrfmiddlewaretoken": token}, HTTP_HOST=host, secure=True, HTTP_REFERER=referer
        )

    for foreign in (f"https://{muni_b.default_hostname}/", f"https://{settings.REGION_DOMAIN}/", f"http://{host}/"):
        assert post(foreign).status_code == 403, foreign
    assert post(f"https://{host}/cabinet/").status_code == 302


def test_a_form_opened_before_signing_out_elsewhere_is_refused_in_russian(muni_a, muni_b, make_user):
    person = make_user(Role.METHODOLOGIST, muni_a)
    a_host, b_host = muni_a.default_hostname, muni_b.default_hostname
    client = Client(enforce_csrf_checks=True)
    _sign_in_through_form(client, a_host, person)
    token = _csrf_token(client, a_host)  # a form open on A
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}, HTTP_HOST=b_host).status_code == 302
    stale = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}, HTTP_HOST=a_host)
    assert stale.status_code == 403
    page = stale.content.decode()
    assert "Форма устарела" in page and 'href="/accounts/login/"' in page


def _sign_in_through_form(client: Client, host: str, user) -> None:
    page = client.get("/accounts/login/", HTTP_HOST=host).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_HOST=host,
        HTTP_ORIGIN=f"http://{host}",
    )
    assert response.status_code == 302


# --- the handoff to an extra domain -----------------------------------------------------------


class Browser:
    """One browser: the region's shared cookie, and each extra domain's own."""

    def __init__(self) -> None:
        self.region = Client()
        self.extra: dict[str, Client] = {}

    def on(self, host: str) -> Client:
        if host.endswith(settings.REGION_DOMAIN):
            return self.region
        return self.extra.setdefault(host, Client())

    def get(self, url_or_path: str, host: str | None = None):
        parts = urlsplit(url_or_path)
        host = host or parts.hostname
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.on(host).get(path, HTTP_HOST=host)


def _token_for(browser: Browser, host: str, next_path: str = "/admin/") -> tuple[str, str]:
    """Start on ``host``, get the region's answer: (the redeem URL's token, the redeem path)."""
    start = browser.get(f"/accounts/handoff/start/?next={next_path}", host=host)
    assert start.status_code == 302 and start["Location"].startswith(f"http://{settings.REGION_DOMAIN}/")
    issued = browser.get(start["Location"])
    assert issued.status_code == 302, issued.content.decode()[-500:]
    target = urlsplit(issued["Location"])
    assert target.hostname == host and target.path == "/accounts/handoff/redeem/"
    return parse_qs(target.query)["token"][0], issued["Location"]


def test_the_handoff_signs_in_on_the_extra_domain_with_its_own_session(muni_a, make_user, extra_domains):
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    assert browser.get("/admin/", host=EXTRA_A).status_code == 302  # not signed in there yet

    _token, redeem_url = _token_for(browser, EXTRA_A)
    redeemed = browser.get(redeem_url)
    assert redeemed.status_code == 302 and redeemed["Location"] == "/admin/"
    assert redeemed["Referrer-Policy"] == "no-referrer"
    cookie = browser.on(EXTRA_A).cookies[SESSION]
    assert cookie["domain"] == "" and cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert cookie.value != browser.region.cookies[SESSION].value
    assert browser.get("/admin/", host=EXTRA_A).status_code == 200
    assert "Content-Security-Policy" in browser.get("/admin/", host=EXTRA_A)
    actions = set(AuditEntry.objects.filter(actor=head).values_list("action", flat=True))
    assert {"sign_in.handoff_issue", "sign_in.handoff_redeem"} <= actions


def test_the_handoff_gives_no_role_the_person_has_not(muni_a, make_user, extra_domains):
    """A head of A handed off to B's extra domain is signed in there, with nothing of B's admin."""
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    _token, redeem_url = _token_for(browser, EXTRA_B)
    assert browser.get(redeem_url).status_code == 302
    assert browser.get("/cabinet/", host=EXTRA_B).status_code == 200
    assert browser.get("/admin/", host=EXTRA_B)["Location"].startswith(("/admin/login/", "/accounts/login/"))


def test_a_token_for_one_host_fails_on_another(muni_a, make_user, extra_domains):
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    token, _url = _token_for(browser, EXTRA_A)
    other = browser.on(EXTRA_B)
    session = other.session
    session[HANDOFF_STATE_KEY] = browser.on(EXTRA_A).session[HANDOFF_STATE_KEY]  # even with the nonce
    session.save()
    refused = other.get(f"/accounts/handoff/redeem/?token={token}", HTTP_HOST=EXTRA_B)
    assert refused.status_code == 403
    assert "Ссылка для входа не подошла" in refused.content.decode()
    assert "Content-Security-Policy" in refused
    assert other.get("/cabinet/", HTTP_HOST=EXTRA_B).status_code == 302
    # Nor on a subdomain of the region, nor on the region's host.
    for host in (muni_a.default_hostname, settings.REGION_DOMAIN):
        assert Client().get(f"/accounts/handoff/redeem/?token={token}", HTTP_HOST=host).status_code in (403, 404)


def test_a_token_fails_twice_even_with_the_cache_flushed(muni_a, make_user, extra_domains):
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    extra = browser.on(EXTRA_A)
    token, redeem_url = _token_for(browser, EXTRA_A)
    state = extra.session[HANDOFF_STATE_KEY]
    assert browser.get(redeem_url).status_code == 302

    cache.clear()  # Redis is not the truth
    replay = Client()
    session = replay.session
    session[HANDOFF_STATE_KEY] = state
    session.save()
    assert replay.get(f"/accounts/handoff/redeem/?token={token}", HTTP_HOST=EXTRA_A).status_code == 403
    assert replay.get("/cabinet/", HTTP_HOST=EXTRA_A).status_code == 302
    assert SignInHandoff.objects.get(user=head).used_at is not None


def test_a_token_fails_when_expired(muni_a, make_user, extra_domains):
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _token, redeem_url = _token_for(browser, EXTRA_A)
        clock.shift(dt.timedelta(seconds=61))
        assert browser.get(redeem_url).status_code == 403
    assert browser.get("/cabinet/", host=EXTRA_A).status_code == 302


def test_a_token_fails_when_tampered(muni_a, make_user, extra_domains):
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    token, _url = _token_for(browser, EXTRA_A)
    extra = browser.on(EXTRA_A)
    state = extra.session[HANDOFF_STATE_KEY]
    handoff = SignInHandoff.objects.get(user=head)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    foreign_key = dumps({"id": str(handoff.token_id), "host": EXTRA_A}, salt=HANDOFF_SALT, key="not-our-secret" * 4)
    for forged in (flipped, foreign_key, "", "garbage"):
        session = extra.session
        session[HANDOFF_STATE_KEY] = state  # this browser's own nonce: only the token is wrong
        session.save()
        assert extra.get(f"/accounts/handoff/redeem/?token={forged}", HTTP_HOST=EXTRA_A).status_code == 403
    assert SignInHandoff.objects.get(pk=handoff.pk).used_at is None
    session = extra.session
    session[HANDOFF_STATE_KEY] = state
    session.save()
    assert extra.get(f"/accounts/handoff/redeem/?token={token}", HTTP_HOST=EXTRA_A).status_code == 302


def test_a_token_fetched_by_someone_else_does_not_sign_in_this_browser(muni_a, make_user, extra_domains):
    """Login CSRF: an attacker's own token, slipped to a victim, meets the victim's nonce."""
    attacker = make_user(Role.TEACHER, muni_a)
    attackers = Browser()
    _sign_in(attackers.region, settings.REGION_DOMAIN, attacker)
    _token, redeem_url = _token_for(attackers, EXTRA_A)
    victim = Browser()
    victim.get("/accounts/handoff/start/?next=/admin/", host=EXTRA_A)  # the victim's own nonce
    assert victim.get(redeem_url).status_code == 403
    assert victim.get("/cabinet/", host=EXTRA_A).status_code == 302


def test_the_region_issues_only_to_a_signed_in_person_and_only_for_an_extra_domain(muni_a, make_user, extra_domains):
    anonymous = Client().get(
        f"/accounts/handoff/issue/?host={EXTRA_A}&state=s&next=/admin/", HTTP_HOST=settings.REGION_DOMAIN
    )
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    head = make_user(Role.HEAD, muni_a)
    client = Client()
    _sign_in(client, settings.REGION_DOMAIN, head)
    for host in (muni_a.default_hostname, settings.REGION_DOMAIN, "evil.example.test", ""):
        answer = client.get(f"/accounts/handoff/issue/?host={host}&state=s", HTTP_HOST=settings.REGION_DOMAIN)
        assert answer.status_code == 403, host
    assert not SignInHandoff.objects.exists()
    # The next path stays on the target host.
    start = Client().get("/accounts/handoff/start/?next=//evil.example.test/", HTTP_HOST=EXTRA_A)
    assert "next=%2F&" in start["Location"] or start["Location"].endswith("next=%2F")


# --- sign-out everywhere ----------------------------------------------------------------------


def _handed_off(muni_a, make_user) -> tuple[Browser, object]:
    head = make_user(Role.HEAD, muni_a)
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    _token, redeem_url = _token_for(browser, EXTRA_A)
    assert browser.get(redeem_url).status_code == 302
    assert browser.get("/admin/", host=EXTRA_A).status_code == 200
    return browser, head


def test_signing_out_of_the_region_ends_the_handed_off_session(muni_a, make_user, extra_domains):
    browser, _head = _handed_off(muni_a, make_user)
    assert browser.region.post("/accounts/logout/", HTTP_HOST=muni_a.default_hostname).status_code == 302
    assert browser.get("/admin/", host=EXTRA_A).status_code == 302
    assert browser.get("/cabinet/", host=EXTRA_A).status_code == 302
    assert browser.get("/cabinet/", host=settings.REGION_DOMAIN).status_code == 302


@pytest.mark.parametrize("logout_path", ["/accounts/logout/", "/admin/logout/"])
def test_signing_out_on_the_extra_domain_ends_the_region_session(muni_a, make_user, extra_domains, logout_path):
    browser, _head = _handed_off(muni_a, make_user)
    region_key = browser.region.cookies[SESSION].value
    assert browser.on(EXTRA_A).post(logout_path, HTTP_HOST=EXTRA_A).status_code == 302
    assert not Session.objects.filter(session_key=region_key).exists()
    for host in (settings.REGION_DOMAIN, muni_a.default_hostname, EXTRA_A):
        assert browser.get("/cabinet/", host=host).status_code == 302, host


def test_links_to_an_admin_on_an_extra_primary_domain_go_through_the_handoff(muni_a, make_user, extra_domains):
    from region.selectors import municipality_directory

    Domain.objects.filter(tenant=muni_a).update(is_primary=False)
    Domain.objects.filter(domain=EXTRA_A).update(is_primary=True)
    head = make_user(Role.HEAD, muni_a)
    client = Client()
    _sign_in(client, settings.REGION_DOMAIN, head)
    cabinet = client.get("/cabinet/", HTTP_HOST=settings.REGION_DOMAIN).content.decode()
    assert f'href="http://{EXTRA_A}/accounts/handoff/start/?next=%2Fadmin%2F"' in cabinet
    entry = next(e for e in municipality_directory() if e.municipality == muni_a)
    assert entry.admin_url == f"http://{EXTRA_A}/accounts/handoff/start/?next=%2Fadmin%2F"
    login_page = Client().get("/accounts/login/?next=/admin/", HTTP_HOST=EXTRA_A).content.decode()
    assert 'href="/accounts/handoff/start/?next=/admin/"' in login_page.replace("%2F", "/")


def test_expired_sessions_and_spent_handoffs_are_purged_nightly(muni_a, make_user, extra_domains):
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.tasks import sessions_expired_purge_task

    head = make_user(Role.HEAD, muni_a)
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.set_expiry(-1)
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - dt.timedelta(days=1))
    browser = Browser()
    _sign_in(browser.region, settings.REGION_DOMAIN, head)
    _token_for(browser, EXTRA_A)
    fresh = SignInHandoff.objects.get(user=head)
    old = SignInHandoff.objects.create(
        token_id="00000000-0000-4000-8000-000000000001", user=head, host=EXTRA_A, state_hash="x"
    )
    SignInHandoff.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))

    counts = sessions_expired_purge_task()
    assert counts["handoffs"] == 1 and counts["sessions"] >= 1
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()
    assert list(SignInHandoff.objects.filter(user=head)) == [fresh]
    assert AuditEntry.objects.filter(action="session.purge").exists()
    assert settings.CELERY_BEAT_SCHEDULE["sessions-purge"]["task"] == "accounts.tasks.sessions_expired_purge_task"
