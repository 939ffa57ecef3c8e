"""Passwords of at least 12 characters (issue 13, item 11), refused in Russian where they are set."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core import mail

from accounts.models import Role
from tenants.municipalities.demo_region import DEMO_PASSWORD
from tests.conftest import PASSWORD

ELEVEN = "Zx7-qw-Lp9k"  # 11 characters, passes every other validator
TWELVE = "Zx7-qw-Lp9kM"
TOO_SHORT = "Введённый пароль слишком короткий. Он должен состоять из как минимум 12 символов."


def test_a_password_under_12_characters_is_refused_in_russian_when_set_from_a_reset_link(
    muni_a, methodologist_a, host_client
):
    client = host_client(muni_a)
    client.post("/accounts/password/reset/", {"email": methodologist_a.email})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_url = client.get(link.split(muni_a.default_hostname, 1)[1])["Location"]

    refused = client.post(form_url, {"password1": ELEVEN, "password2": ELEVEN})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert TOO_SHORT in body and 'role="alert"' in body
    methodologist_a.refresh_from_db()
    assert methodologist_a.check_password(PASSWORD) and not methodologist_a.check_password(ELEVEN)

    assert client.post(form_url, {"password1": TWELVE, "password2": TWELVE}).status_code == 302
    methodologist_a.refresh_from_db()
    assert methodologist_a.check_password(TWELVE)


def test_a_password_under_12_characters_is_refused_on_the_change_form(make_user, muni_a, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    client = host_client(muni_a)
    client.post("/accounts/login/", {"login": teacher.email, "password": PASSWORD})
    refused = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": ELEVEN, "password2": ELEVEN}
    )
    assert refused.status_code == 200 and TOO_SHORT in refused.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_the_demo_and_test_passwords_pass_the_validators(make_user, muni_a):
    person = make_user(Role.METHODOLOGIST, muni_a)
    validate_password(DEMO_PASSWORD, person)
    validate_password(PASSWORD, person)
