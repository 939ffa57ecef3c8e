"""Login, logout, password reset and e-mail confirmation on a municipality's host.

allauth drives the flows; what is ours is the Russian, project-look pages, the e-mails that
name the place and link back to the host the person came from, and sign-up being closed.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import Role
from tests.conftest import PASSWORD

NEW_PASSWORD = "another horse staple 42"
LOGIN_URL = "/accounts/login/"


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def _path_of(url: str, host: str) -> str:
    prefix = f"http://{host}"
    assert url.startswith(prefix + "/"), f"{url} is not on {host}"
    return url[len(prefix) :]


def _login(client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_login_page_is_russian_in_the_project_look_without_sign_up(muni_a, host_client):
    response = host_client(muni_a).get(LOGIN_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ru">' in body
    assert 'class="site-header"' in body and muni_a.short_name in body
    assert "Вход" in body and "Пароль" in body and "Забыли пароль?" in body
    assert "/accounts/signup/" not in body
    assert "Sign" not in body and "Password" not in body


def test_methodologist_logs_in_and_lands_on_the_cabinet_with_place_and_role(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    response = _login(client, methodologist_a.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/cabinet/"
    cabinet = client.get("/cabinet/")
    assert cabinet.status_code == 200
    body = cabinet.content.decode()
    assert muni_a.name in body
    assert str(Role.METHODOLOGIST.label) in body


def test_wrong_password_is_refused_in_russian_without_a_session(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    response = _login(client, methodologist_a.email, "not the password")
    assert response.status_code == 200
    assert "неверн" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session
    assert client.get("/cabinet/").status_code == 302


def test_logout_by_post_ends_the_session(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    _login(client, methodologist_a.email, PASSWORD)
    assert client.get("/cabinet/").status_code == 200

    confirm = client.get("/accounts/logout/")
    assert confirm.status_code == 200
    assert "Выйти" in confirm.content.decode() and "Sign" not in confirm.content.decode()

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    cabinet = client.get("/cabinet/")
    assert cabinet.status_code == 302 and cabinet["Location"].startswith(LOGIN_URL)


def test_password_reset_mail_links_to_the_same_municipality_and_the_new_password_works(
    muni_a, methodologist_a, host_client
):
    host = muni_a.default_hostname
    client = host_client(muni_a)
    form = client.get("/accounts/password/reset/")
    assert form.status_code == 200 and "Восстановление пароля" in form.content.decode()

    response = client.post("/accounts/password/reset/", {"email": methodologist_a.email})
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "Письмо отправлено" in done.content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [methodologist_a.email]
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    # Sent as the municipality's service, answers go to its contact address (issue 21).
    assert parseaddr(message.from_email)[0] == f"Методическая служба: {muni_a.short_name}"
    assert message.reply_to == [muni_a.contact_email]
    assert "парол" in message.subject.lower() and muni_a.short_name in message.subject
    assert muni_a.name in message.body
    link = _link_in(message)
    path = _path_of(link, host)

    # allauth moves the key into the session and redirects to a key-less URL.
    response = client.get(path)
    assert response.status_code == 302
    form = client.get(response["Location"])
    assert form.status_code == 200 and "Новый пароль" in form.content.decode()
    response = client.post(response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Пароль изменён" in client.get(response["Location"]).content.decode()

    fresh = host_client(muni_a)
    assert _login(fresh, methodologist_a.email, PASSWORD).status_code == 200
    assert _login(fresh, methodologist_a.email, NEW_PASSWORD)["Location"] == "/cabinet/"


def test_used_reset_link_is_refused_in_russian(muni_a, methodologist_a, host_client):
    client = host_client(muni_a)
    client.post("/accounts/password/reset/", {"email": methodologist_a.email})
    path = _path_of(_link_in(mail.outbox[0]), muni_a.default_hostname)
    target = client.get(path)["Location"]
    client.post(target, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = host_client(muni_a).get(path, follow=True)
    body = again.content.decode()
    assert "Ссылка недействительна" in body and "Bad Token" not in body


def test_password_reset_for_an_unknown_address_looks_the_same(muni_a, methodologist_a, host_client):
    known = host_client(muni_a).post("/accounts/password/reset/", {"email": methodologist_a.email})
    unknown = host_client(muni_a).post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]

    # The address gets a note saying there is no account here, without a sign-up link.
    to_unknown = [m for m in mail.outbox if m.to == ["nobody@example.test"]]
    assert len(to_unknown) == 1
    note = to_unknown[0]
    assert "/accounts/signup/" not in note.body and "signup" not in note.body
    assert muni_a.name in note.body
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", note.subject + note.body.replace(note.to[0], ""))


def test_sign_up_is_closed(muni_a, host_client):
    client = host_client(muni_a)
    page = client.get("/accounts/signup/")
    assert "Регистрация закрыта" in page.content.decode()
    client.post(
        "/accounts/signup/", {"email": "newcomer@example.test", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert not EmailAddress.objects.filter(email="newcomer@example.test").exists()
    assert mail.outbox == []


def test_unverified_address_must_be_confirmed_before_login(muni_a, make_user, host_client):
    user = make_user(Role.METHODOLOGIST, muni_a)
    EmailAddress.objects.filter(user=user).update(verified=False)
    client = host_client(muni_a)

    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    sent = client.get(response["Location"])
    assert "Подтвердите адрес" in sent.content.decode()
    assert client.get("/cabinet/").status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "подтвер" in message.subject.lower() and muni_a.short_name in message.subject
    path = _path_of(_link_in(message), muni_a.default_hostname)

    page = client.get(path)
    assert page.status_code == 200
    assert user.email in page.content.decode() and "Подтвердить" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    assert _login(host_client(muni_a), user.email, PASSWORD)["Location"] == "/cabinet/"


@pytest.mark.parametrize("path", ["/accounts/password/reset/", "/accounts/signup/", "/accounts/confirm-email/"])
def test_account_pages_are_in_the_project_look(muni_a, host_client, path):
    body = host_client(muni_a).get(path).content.decode()
    assert 'class="site-header"' in body and muni_a.short_name in body
    assert '<html lang="ru">' in body


@pytest.mark.parametrize("case", ["methodologist of A on B's host", "teacher of A on A's host"])
def test_signed_in_person_without_admin_access_gets_the_login_page_not_a_redirect_loop(
    muni_a, muni_b, make_user, host_client, case
):
    if case.startswith("methodologist"):
        person, host = make_user(Role.METHODOLOGIST, muni_a), muni_b
    else:
        person, host = make_user(Role.TEACHER, muni_a), muni_a
    response = host_client(host, person).get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"{LOGIN_URL}?next=/admin/", 302)]
    body = response.content.decode()
    assert "нет прав" in body and person.email in body
    assert host.short_name in body


def test_login_page_stays_russian_for_a_browser_asking_for_english(muni_a):
    client = Client(HTTP_HOST=muni_a.default_hostname, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = client.get(LOGIN_URL).content.decode()
    assert '<html lang="ru">' in body
    assert "Пароль" in body and "Password" not in body


def test_the_cabinet_on_a_municipality_host_links_the_persons_own_pages(muni_a, muni_b, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    own = host_client(muni_a, teacher).get("/cabinet/").content.decode()
    for url in ('href="/growth/"', 'href="/events/my/"', 'href="/consultations/"'):
        assert url in own
    # Elsewhere, where the person holds no role, the cabinet offers no such pages.
    elsewhere = host_client(muni_b, teacher).get("/cabinet/").content.decode()
    assert 'href="/growth/"' not in elsewhere


def test_the_operators_cabinet_answers_on_a_municipality_host_too(make_user, host_client, muni_a):
    """The registry is on the region host only: the cabinet links to it absolutely (it used to 500)."""
    operator = make_user(Role.OPERATOR, None)
    for municipality in (muni_a, None):
        response = host_client(municipality, operator).get("/cabinet/")
        assert response.status_code == 200
        assert f'href="http://{settings.REGION_DOMAIN}/operator/"' in response.content.decode()
