"""Issue 13, item 1: an e-mail address binds a person only once its mailbox has confirmed it.

The attack: a methodologist typed the next head's address into Wagtail's account page (saved,
unverified, and unique only case-sensitively); the operator then provisioned a municipality with
that head, and the invitation was bound to the methodologist's account. Each step is tried here
as the attacker would, against the real screens.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.municipalities.models import Municipality
from tests.conftest import PASSWORD

HEAD_EMAIL = "head@newmuni.example"
PROVISION_FORM = {
    "name": "Кировский муниципальный район",
    "short_name": "Кировский район",
    "slug": "kirovsk-takeover",
    "oktmo": "",
    "contact_email": "mms@newmuni.example",
    "domains": "",
    "head_email": HEAD_EMAIL,
    "head_last_name": "Орлова",
    "head_first_name": "Вера",
}


def _link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def _path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _account_page_post(client, user: User, **fields: str):
    """Wagtail's account page as the browser posts it (every panel's fields)."""
    data = {
        "name_email-first_name": user.first_name or "Имя",
        "name_email-last_name": user.last_name or "Фамилия",
        "locale-preferred_language": "ru",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
        **fields,
    }
    return client.post("/admin/account/", data)


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR, None)


@pytest.fixture
def head_a(make_user, muni_a):
    return make_user(Role.HEAD, muni_a)


def test_the_exploit_step_by_step_ends_with_no_role_for_the_methodologist(
    muni_a, methodologist_a, operator, host_client, django_capture_on_commit_callbacks
):
    own_address = methodologist_a.email
    client = host_client(muni_a, methodologist_a)

    # 1. Wagtail's account page has no e-mail field any more, and a posted one is ignored.
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    _account_page_post(client, methodologist_a, **{"name_email-email": "Head@Newmuni.example"})
    methodologist_a.refresh_from_db()
    assert methodologist_a.email == own_address

    # 2. allauth's e-mail page takes the request but changes nothing until the mailbox confirms.
    response = client.post("/accounts/email/", {"email": "Head@Newmuni.example", "action_add": ""})
    assert response.status_code == 302
    methodologist_a.refresh_from_db()
    assert methodologist_a.email == own_address
    claim = EmailAddress.objects.get(user=methodologist_a, email=HEAD_EMAIL)
    assert not claim.verified
    assert [m.to for m in mail.outbox] == [[HEAD_EMAIL]]
    confirmation_path = _path_of(_link_in(mail.outbox[0]))
    # The mail tells the mailbox's owner whose account asks for their address.
    assert own_address in mail.outbox[0].body and "не переходите по ссылке" in mail.outbox[0].body

    # 2b. The real head, following that link before their own account exists, cannot confirm it:
    # a change is confirmed only from inside the account that asked for it.
    owner_of_the_mailbox = host_client(muni_a)
    page = owner_of_the_mailbox.get(confirmation_path).content.decode()
    assert own_address in page and "войдите" in page and "Подтвердить</button>" not in page
    owner_of_the_mailbox.post(confirmation_path)
    assert not EmailAddress.objects.get(pk=claim.pk).verified

    # 3. The operator provisions the new municipality with its head's address.
    with django_capture_on_commit_callbacks(execute=False):
        response = host_client(None, operator).post("/operator/provision/", PROVISION_FORM, follow=True)
    assert response.status_code == 200 and "создан" in response.content.decode()
    new = Municipality.objects.get(slug=PROVISION_FORM["slug"])

    # 4. The head is a new account with the verified address; the methodologist holds nothing there.
    head = User.objects.get(email=HEAD_EMAIL)
    assert head.pk != methodologist_a.pk
    assert EmailAddress.objects.get(email=HEAD_EMAIL, verified=True).user_id == head.pk
    assert user_roles(head).in_municipality(new.schema_name) == {Role.HEAD}
    methodologist = User.objects.get(pk=methodologist_a.pk)
    assert user_roles(methodologist).in_municipality(new.schema_name) == frozenset()
    assert host_client(new, methodologist).get("/admin/staff/").status_code != 200

    # 5. The real head, following the link mailed to them earlier, cannot hand the address over.
    page = host_client(muni_a).get(confirmation_path)
    assert "уже подтверждён другой учётной записью" in page.content.decode()
    host_client(muni_a).post(confirmation_path)
    methodologist.refresh_from_db()
    assert methodologist.email == own_address
    assert not EmailAddress.objects.get(pk=claim.pk).verified


def test_a_case_variant_of_an_existing_persons_address_binds_the_person_not_the_claimant(
    muni_a, muni_b, methodologist_a, head_a, make_user, host_client, django_capture_on_commit_callbacks
):
    person = make_user(Role.TEACHER, muni_b, email="teacher.b@example.test")
    client = host_client(muni_a, methodologist_a)
    _account_page_post(client, methodologist_a, **{"name_email-email": "Teacher.B@example.test"})
    client.post("/accounts/email/", {"email": "Teacher.B@Example.test", "action_add": ""})
    methodologist_a.refresh_from_db()
    assert methodologist_a.email.lower() != "teacher.b@example.test"

    with django_capture_on_commit_callbacks(execute=False):
        response = host_client(muni_a, head_a).post(
            "/admin/staff/",
            {
                "action": "invite",
                "email": "TEACHER.B@example.test",
                "last_name": "Петрова",
                "first_name": "Анна",
                "middle_name": "",
                "role": Role.METHODOLOGIST,
            },
        )
    assert response.status_code == 302
    assert user_roles(User.objects.get(pk=person.pk)).has(Role.METHODOLOGIST, muni_a.schema_name)
    assert user_roles(User.objects.get(pk=methodologist_a.pk)).in_municipality(muni_a.schema_name) == {
        Role.METHODOLOGIST
    }
    assert User.objects.filter(email__iexact="teacher.b@example.test").count() == 1


def test_an_address_claimed_in_user_email_alone_binds_nothing_and_is_refused_in_russian(
    muni_a, methodologist_a, operator, host_client
):
    # What the old account page left behind: the address saved on the account, never verified.
    User.objects.filter(pk=methodologist_a.pk).update(email="Head@Newmuni.example")

    response = host_client(None, operator).post("/operator/provision/", PROVISION_FORM)
    body = response.content.decode()
    assert response.status_code == 200
    assert "не подтверждён её владельцем" in body and HEAD_EMAIL in body
    assert 'id="id_head_email"' in body  # the message stands by its field
    assert not Municipality.objects.filter(slug=PROVISION_FORM["slug"]).exists()
    assert not User.objects.filter(email=HEAD_EMAIL).exists()


def test_the_heads_staff_screen_refuses_an_address_held_unverified(muni_a, head_a, make_user, host_client):
    claimant = make_user(Role.TEACHER, muni_a)
    User.objects.filter(pk=claimant.pk).update(email="Colleague@Example.test")

    response = host_client(muni_a, head_a).post(
        "/admin/staff/",
        {
            "action": "invite",
            "email": "colleague@example.test",
            "last_name": "Смирнова",
            "first_name": "Ольга",
            "middle_name": "",
            "role": Role.METHODOLOGIST,
        },
    )
    assert response.status_code == 200
    assert "не подтверждён её владельцем" in response.content.decode()
    assert user_roles(User.objects.get(pk=claimant.pk)).in_municipality(muni_a.schema_name) == {Role.TEACHER}


def test_an_unverified_claim_in_allauth_does_not_block_the_real_persons_account(
    muni_a, methodologist_a, head_a, host_client, django_capture_on_commit_callbacks
):
    host_client(muni_a, methodologist_a).post("/accounts/email/", {"email": "newcomer@example.test", "action_add": ""})
    with django_capture_on_commit_callbacks(execute=False):
        host_client(muni_a, head_a).post(
            "/admin/staff/",
            {
                "action": "invite",
                "email": "Newcomer@example.test",
                "last_name": "Новикова",
                "first_name": "Ирина",
                "middle_name": "",
                "role": Role.TEACHER,
            },
        )
    newcomer = User.objects.get(email="newcomer@example.test")
    assert newcomer.pk != methodologist_a.pk
    assert user_roles(newcomer).has(Role.TEACHER, muni_a.schema_name)
    assert EmailAddress.objects.get(email="newcomer@example.test", verified=True).user_id == newcomer.pk


def test_a_person_changes_their_own_address_once_the_new_mailbox_confirms(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    page = client.get("/accounts/email/")
    body = page.content.decode()
    assert page.status_code == 200 and "Адрес электронной почты" in body and methodologist_a.email in body
    assert '<html lang="ru">' in body and "Change" not in body

    client.post("/accounts/email/", {"email": "Moved@Example.test", "action_add": ""})
    methodologist_a.refresh_from_db()
    assert methodologist_a.email != "moved@example.test"
    assert "ещё не подтверждён" in client.get("/accounts/email/").content.decode()
    path = _path_of(_link_in(mail.outbox[-1]))
    assert mail.outbox[-1].to == ["moved@example.test"]

    # Opened where nobody is signed in (say, on a phone), the link asks to sign in first.
    elsewhere = host_client(muni_a)
    elsewhere.post(path)
    assert not EmailAddress.objects.get(email="moved@example.test").verified
    signed_in = elsewhere.post(f"/accounts/login/?next={path}", {"login": methodologist_a.email, "password": PASSWORD})
    assert signed_in["Location"] == path
    assert "Подтвердить</button>" in elsewhere.get(path).content.decode()
    assert elsewhere.post(path).status_code == 302
    methodologist_a.refresh_from_db()
    assert methodologist_a.email == "moved@example.test"
    assert list(EmailAddress.objects.filter(user=methodologist_a).values_list("email", "verified", "primary")) == [
        ("moved@example.test", True, True)
    ]
    fresh = host_client(muni_a)
    assert fresh.post("/accounts/login/", {"login": "moved@example.test", "password": PASSWORD}).status_code == 302


def test_confirming_an_address_another_account_holds_unverified_is_refused_not_a_server_error(
    muni_a, methodologist_a, make_user, host_client
):
    squatter = make_user(Role.TEACHER, muni_a)
    User.objects.filter(pk=squatter.pk).update(email="wanted@example.test")
    client = host_client(muni_a, methodologist_a)
    client.post("/accounts/email/", {"email": "wanted@example.test", "action_add": ""})

    response = client.post(_path_of(_link_in(mail.outbox[-1])))
    assert response.status_code in (200, 302)
    methodologist_a.refresh_from_db()
    assert methodologist_a.email != "wanted@example.test"
    assert not EmailAddress.objects.filter(email="wanted@example.test", verified=True).exists()
