"""Issue 13, items 2 and 3: one way in, and its rate limits count visitors, not the proxy.

* allauth's per-IP limits behind nginx: every request comes from the proxy's address unless the
  client is read from X-Forwarded-For (``TRUSTED_PROXY_COUNT``), so ten wrong passwords from
  anyone locked every login on the host.
* Wagtail's own login and password reset went around allauth (its limits, its rule that an
  unverified address cannot sign in) and mailed reset links to any address without limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.internal.httpkit import get_client_ip as allauth_reads_client_ip
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django_tenants.utils import tenant_context
from wagtail.users.models import UserProfile

from accounts.models import Role
from metodika.client_address import client_address
from tests.conftest import PASSWORD

REPO_ROOT = Path(__file__).resolve().parents[2]
LOGIN_URL = "/accounts/login/"
PRODUCTION_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}  # metodika/settings/allauth.py


@pytest.fixture
def behind_one_proxy(settings):
    """Production's rate limits (the test settings turn them off) behind the documented nginx.

    Only ``TRUSTED_PROXY_COUNT`` is set, as the environment sets it: allauth must follow it.
    """
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_LIMITS
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()  # the limits' counters live in the cache
    yield
    cache.clear()


def _login(client, email: str, password: str, client_ip: str):
    # nginx appends the address it saw; anything before it is the client's own, untrusted.
    return client.post(
        LOGIN_URL, {"login": email, "password": password}, HTTP_X_FORWARDED_FOR=f"192.0.2.250, {client_ip}"
    )


def test_ten_failures_from_one_visitor_do_not_lock_another_visitors_login(
    behind_one_proxy, muni_a, make_user, host_client
):
    person = make_user(Role.METHODOLOGIST, muni_a)
    attacker, visitor = "203.0.113.66", "198.51.100.7"
    for n in range(10):
        response = _login(host_client(muni_a), f"guess{n}@example.test", "wrong", attacker)
        assert response.status_code == 200
    # The attacker's address is limited now, even with a right password...
    refused = _login(host_client(muni_a), person.email, PASSWORD, attacker)
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    # ...but another visitor, behind the same proxy, signs in.
    client = host_client(muni_a)
    response = _login(client, person.email, PASSWORD, visitor)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for"),
    [(0, "203.0.113.9"), (1, "198.51.100.1, 203.0.113.9"), (2, "198.51.100.1, 203.0.113.9, 10.0.0.5")],
)
def test_allauth_sees_the_same_client_as_axes_and_the_consultation_form(settings, proxy_count, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxy_count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert get_adapter(request).get_client_ip(request) == client_address(request) == allauth_reads_client_ip(request)


def test_allauths_proxy_count_comes_from_trusted_proxy_count():
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "2", "DJANGO_SETTINGS_MODULE": "metodika.settings.dev"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "platform")])
    probe = (
        "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "2"]


@pytest.mark.parametrize(
    ("where", "path", "expected"),
    [
        ("municipality", "/admin/login/", "/accounts/login/?next=%2Fadmin%2F"),
        ("municipality", "/admin/login/?next=/admin/pages/", "/accounts/login/?next=%2Fadmin%2Fpages%2F"),
        ("municipality", "/admin/login/?next=https://evil.example/", "/accounts/login/?next=%2Fadmin%2F"),
        ("region", "/admin/login/", "/accounts/login/"),
        ("region", "/admin/login/?next=/operator/", "/accounts/login/?next=%2Foperator%2F"),
    ],
)
def test_wagtails_login_sends_people_to_allauths_keeping_next(muni_a, host_client, where, path, expected):
    client = host_client(muni_a if where == "municipality" else None)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert client.get(expected).status_code == 200


def test_credentials_posted_to_wagtails_login_sign_nobody_in(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    response = client.post("/admin/login/", {"username": methodologist_a.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_wagtails_password_reset_is_gone(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/"
    client.post("/admin/password_reset/", {"email": methodologist_a.email})
    assert mail.outbox == []
    for path in ("/admin/password_reset/done/", "/admin/password_reset/confirm/MQ/set-password/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"new_password1": "x" * 20, "new_password2": "x" * 20}).status_code == 404


def test_the_admin_account_page_keeps_name_and_language_and_links_to_allauth(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    page = client.get("/admin/account/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="name_email-first_name"' in body and 'name="locale-preferred_language"' in body
    assert 'name="name_email-email"' not in body and 'name="password-new_password1"' not in body
    assert 'href="/accounts/email/"' in body and 'href="/accounts/password/change/"' in body

    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Марина",
            "name_email-last_name": "Соколова",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-new_password1": "changed here 12345",
            "password-new_password2": "changed here 12345",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    methodologist_a.refresh_from_db()
    assert (methodologist_a.first_name, methodologist_a.last_name) == ("Марина", "Соколова")
    assert methodologist_a.check_password(PASSWORD)  # the password is changed on allauth's page only
    with tenant_context(muni_a):  # Wagtail's profiles live in the municipality's schema
        assert UserProfile.get_for_user(methodologist_a).preferred_language == "en"
