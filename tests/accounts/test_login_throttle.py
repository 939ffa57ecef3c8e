"""Login throttling (django-axes): 10 wrong passwords lock an e-mail from one address for 15 minutes.

The count lives in the public schema, per (e-mail, client IP): one account is one person across
the region, so failures on different municipalities' hosts add up.
"""

from __future__ import annotations

from django.test import RequestFactory
from django.urls import reverse

from accounts.login_throttle import login_throttle_username
from accounts.models import Role
from tests.conftest import PASSWORD

LOGIN_URL = "/accounts/login/"
WRONG = "not the password"
LIMIT = 10


def _login(client, email: str, password: str, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def _fail(client, email: str, times: int) -> None:
    for _ in range(times):
        response = _login(client, email, WRONG)
        assert response.status_code == 200, "locked before the limit"


def _assert_locked_page(response) -> None:
    assert response.status_code == 429
    body = response.content.decode()
    assert '<html lang="ru">' in body and 'class="site-header"' in body
    assert "Слишком много попыток входа" in body
    assert "через 15 мин." in body
    assert f'href="{reverse("account_reset_password")}"' in body


def test_ten_wrong_passwords_lock_the_email_from_that_address_even_with_the_right_one(
    muni_a, methodologist_a, host_client
):
    client = host_client(muni_a)
    _fail(client, methodologist_a.email, LIMIT - 1)
    _assert_locked_page(_login(client, methodologist_a.email, WRONG))

    response = _login(client, methodologist_a.email, PASSWORD)
    _assert_locked_page(response)
    assert "_auth_user_id" not in client.session
    # The e-mail is matched whatever its case.
    _assert_locked_page(_login(client, methodologist_a.email.upper(), PASSWORD))


def test_another_email_from_the_same_address_still_logs_in(muni_a, methodologist_a, make_user, host_client):
    other = make_user(Role.METHODOLOGIST, muni_a)
    client = host_client(muni_a)
    _fail(client, methodologist_a.email, LIMIT - 1)
    _assert_locked_page(_login(client, methodologist_a.email, WRONG))

    response = _login(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_locked_email_still_logs_in_from_another_address(muni_a, methodologist_a, host_client):
    _fail(host_client(muni_a), methodologist_a.email, LIMIT - 1)
    _assert_locked_page(_login(host_client(muni_a), methodologist_a.email, WRONG))

    elsewhere = host_client(muni_a)
    response = _login(elsewhere, methodologist_a.email, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


def test_a_successful_login_before_the_limit_resets_the_count(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    _fail(client, methodologist_a.email, LIMIT - 1)
    assert _login(client, methodologist_a.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    # Without the reset the next failure would be the tenth and lock.
    _fail(client, methodologist_a.email, LIMIT - 1)
    assert _login(client, methodologist_a.email, PASSWORD).status_code == 302


def test_failures_on_different_municipalities_hosts_add_up(muni_a, muni_b, make_user, host_client):
    person = make_user(Role.METHODOLOGIST, muni_a)
    _fail(host_client(muni_a), person.email, LIMIT // 2)
    _fail(host_client(muni_b), person.email, LIMIT // 2 - 1)
    _assert_locked_page(_login(host_client(muni_b), person.email, WRONG))

    _assert_locked_page(_login(host_client(muni_a), person.email, PASSWORD))
    _assert_locked_page(_login(host_client(), person.email, PASSWORD))


def test_username_is_the_lower_cased_email_from_credentials_or_the_form():
    request = RequestFactory().post(LOGIN_URL, {"login": " Anna@Example.RU "})
    assert login_throttle_username(request, {"email": "Anna@Example.ru", "password": "***"}) == "anna@example.ru"
    assert login_throttle_username(request, None) == "anna@example.ru"
