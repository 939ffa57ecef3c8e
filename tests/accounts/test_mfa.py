"""Two-factor sign-in (allauth.mfa, TOTP): offered to every staff role, required for the operator.

Codes are computed from the secret the page shows, as an authenticator app would (RFC 6238
through allauth's own HOTP function): nothing is mocked.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from accounts.models import Role, User
from tenants.municipalities.models import Municipality
from tests.conftest import PASSWORD
from tests.factories import totp_code

LOGIN_URL = "/accounts/login/"
ACTIVATE_URL = "/accounts/2fa/totp/activate/"
REAUTHENTICATE_URL = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
ENGLISH = re.compile(r"\b((?<!Google )Authenticator|Sign In|Recovery|Activate|Incorrect|Code)\b")


def _login(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def _main_text(response) -> str:
    """The page's own content: the <main> element, without the site chrome."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def _confirm_password(client: Client) -> None:
    """allauth asks for the password again before an authenticator is added (a stolen session
    alone cannot add one): the page is ours, in Russian."""
    page = client.get(REAUTHENTICATE_URL)
    main = _main_text(page)
    assert "Подтверждение входа" in main and '<label for="id_password">' in main and not ENGLISH.search(main)
    response = client.post(REAUTHENTICATE_URL, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == ACTIVATE_URL


def _enrol_through_the_pages(client: Client) -> str:
    """Sets up the authenticator app as a person does: reads the secret on the page, types the code."""
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200, page
    secret = re.search(r'<code class="totp-secret">([A-Z2-7=]+)</code>', page.content.decode()).group(1)
    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_staff_member_enrols_and_is_then_asked_for_the_code_at_sign_in(muni_a, make_user, host_client):
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    client = host_client(muni_a)
    assert _login(client, methodologist.email)["Location"] == "/cabinet/"
    cabinet = client.get("/cabinet/").content.decode()
    assert 'href="/accounts/2fa/"' in cabinet and "Двухфакторный вход" in cabinet

    overview = client.get("/accounts/2fa/")
    assert overview.status_code == 200
    assert "Не подключено" in _main_text(overview) and not ENGLISH.search(_main_text(overview))

    assert client.get(ACTIVATE_URL)["Location"] == REAUTHENTICATE_URL
    _confirm_password(client)
    page = client.get(ACTIVATE_URL)
    main = _main_text(page)
    assert "<svg" in main and 'role="img"' in main and "<?xml" not in main
    assert '<label for="id_code">' in main and not ENGLISH.search(main)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7=]+)</code>', main).group(1)

    refused = client.post(ACTIVATE_URL, {"code": _wrong(totp_code(secret))})
    assert refused.status_code == 200
    main = _main_text(refused)
    assert "Неверный код." in main and 'role="alert"' in main and 'aria-describedby="id_code_error"' in main
    assert not Authenticator.objects.filter(user=methodologist).exists()

    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=methodologist, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10 and not ENGLISH.search(_main_text(codes_page))

    client.post("/accounts/logout/")
    response = _login(client, methodologist.email)
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE_URL
    assert "_auth_user_id" not in client.session
    assert client.get("/cabinet/").status_code == 302

    ask = client.get(AUTHENTICATE_URL)
    assert ask.status_code == 200
    main = _main_text(ask)
    assert "приложения-аутентификатора" in main and '<label for="id_code">' in main and not ENGLISH.search(main)

    refused = client.post(AUTHENTICATE_URL, {"code": _wrong(totp_code(secret))})
    assert refused.status_code == 200
    assert "Неверный код." in _main_text(refused) and 'role="alert"' in _main_text(refused)
    assert "_auth_user_id" not in client.session

    response = client.post(AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/cabinet/"
    assert client.session["_auth_user_id"] == str(methodologist.pk)


def test_a_recovery_code_signs_in_once(muni_a, make_user, host_client):
    head = make_user(Role.HEAD, muni_a, totp=True)
    code = Authenticator.objects.get(user=head, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()[0]

    client = host_client(muni_a)
    assert _login(client, head.email)["Location"] == AUTHENTICATE_URL
    assert client.post(AUTHENTICATE_URL, {"code": code})["Location"] == "/cabinet/"

    again = host_client(muni_a)
    assert _login(again, head.email)["Location"] == AUTHENTICATE_URL
    refused = again.post(AUTHENTICATE_URL, {"code": code})
    assert refused.status_code == 200 and "Неверный код." in refused.content.decode()
    assert "_auth_user_id" not in again.session


OPERATOR_SCREENS = [
    ("get", "/operator/"),
    ("get", "/operator/provision/"),
    ("post", "/operator/provision/"),
    ("post", "/operator/{slug}/archive/"),
    ("post", "/operator/{slug}/unarchive/"),
]


@pytest.mark.parametrize(("method", "path"), OPERATOR_SCREENS)
def test_operator_without_an_authenticator_is_sent_to_set_it_up(make_user, muni_b, host_client, method, path):
    operator = make_user(Role.OPERATOR, None, totp=False)
    client = host_client(None, operator)
    data = {"name": "Новый район", "short_name": "Новый", "slug": "novyj", "head_email": "head@novyj.example"}
    response = getattr(client, method)(path.format(slug=muni_b.slug), data if method == "post" else None)
    assert response.status_code == 302 and response["Location"] == ACTIVATE_URL
    muni_b.refresh_from_db()
    assert not muni_b.is_archived
    assert not Municipality.objects.filter(slug="novyj").exists()


def test_operator_enrols_when_sent_and_then_reaches_the_registry(make_user, host_client):
    operator = make_user(Role.OPERATOR, None, totp=False)
    client = host_client()
    assert _login(client, operator.email)["Location"] == "/cabinet/"
    assert "Оператору платформы нужен двухфакторный вход" in client.get("/cabinet/").content.decode()

    sent = client.get("/operator/", follow=True)
    assert sent.redirect_chain == [(ACTIVATE_URL, 302), (REAUTHENTICATE_URL, 302)]
    assert "Оператору платформы нужен вход с кодом" in _main_text(sent)
    _confirm_password(client)
    _enrol_through_the_pages(client)
    registry = client.get("/operator/")
    assert registry.status_code == 200 and "Реестр муниципалитетов" in registry.content.decode()


def test_operator_made_by_the_fixtures_signs_in_with_a_code(make_user, host_client):
    operator = make_user(Role.OPERATOR, None)
    client = host_client()
    assert _login(client, operator.email)["Location"] == AUTHENTICATE_URL
    assert client.post(AUTHENTICATE_URL, {"code": totp_code(operator)})["Location"] == "/cabinet/"
    assert client.get("/operator/").status_code == 200


@pytest.mark.parametrize(
    ("role", "place", "path"),
    [
        (Role.METHODOLOGIST, "a", "/admin/"),
        (Role.HEAD, "a", "/admin/"),
        (Role.CHAIR, "a", "/admin/"),
        (Role.INSTITUTE, None, "/institute/"),
        (Role.COMMITTEE, None, "/institute/"),
    ],
)
def test_other_staff_are_offered_two_factor_sign_in_but_not_forced(make_user, muni_a, host_client, role, place, path):
    municipality = muni_a if place else None
    person = make_user(role, municipality)
    client = host_client(municipality, person)
    screen = client.get(path)
    assert screen.status_code == 200
    if role in (Role.INSTITUTE, Role.COMMITTEE):
        assert 'href="/accounts/2fa/"' in screen.content.decode()
    else:
        account = client.get("/admin/account/")
        assert 'href="/accounts/2fa/"' in account.content.decode() and "Двухфакторный вход" in account.content.decode()
    cabinet = client.get("/cabinet/").content.decode()
    assert "Защитите учётную запись" in cabinet and 'href="/accounts/2fa/"' in cabinet


def test_a_teacher_is_not_offered_two_factor_sign_in(make_user, muni_a, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    cabinet = host_client(muni_a, teacher).get("/cabinet/").content.decode()
    assert "/accounts/2fa/" not in cabinet


def test_authenticators_live_in_the_public_schema_only(muni_a):
    from tenants.municipalities.schema_health import schema_missing_tables, tables_in_schema

    assert schema_missing_tables() == []
    assert "mfa_authenticator" in tables_in_schema("public")
    assert "mfa_authenticator" not in tables_in_schema(muni_a.schema_name)


def test_one_authenticator_serves_every_host(make_user, muni_a, muni_b, host_client):
    person: User = make_user(Role.METHODOLOGIST, muni_a, totp=True)
    for municipality in (muni_a, muni_b, None):
        client = host_client(municipality)
        assert _login(client, person.email)["Location"] == AUTHENTICATE_URL
