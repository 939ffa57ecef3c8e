"""One account per e-mail address whatever its case, and how existing duplicates are handled.

The constraint is ``Lower(email)`` on ``accounts.User`` plus a case-insensitive unique index on
allauth's verified addresses; the migration adding them stops and lists existing case
duplicates instead of merging them. An address held unverified is given back by the operator's
``manage.py account_email_release``.
"""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from accounts.models import Role, User
from accounts.services import user_get_or_create
from audit.models import AuditEntry

MIGRATION = importlib.import_module("accounts.migrations.0002_user_email_case_insensitive_unique")


def test_the_database_refuses_a_second_account_for_a_case_variant(make_user):
    make_user(email="anna@example.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        User(email="Anna@Example.test").save()


def test_a_form_or_full_clean_says_so_in_russian(make_user):
    make_user(email="anna@example.test")
    with pytest.raises(ValidationError) as caught:
        User(email="ANNA@example.test", password="!").full_clean()
    assert "Учётная запись с таким адресом электронной почты уже есть." in str(caught.value)


def test_two_accounts_cannot_both_have_verified_a_case_variant(make_user):
    first, second = make_user(), make_user()
    EmailAddress.objects.create(user=first, email="shared@example.test", verified=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailAddress.objects.create(user=second, email="Shared@Example.test", verified=True)


def test_the_verified_owner_is_found_whatever_the_case(make_user):
    person = make_user(email="olga@example.test")
    found, created = user_get_or_create(email="  OLGA@Example.TEST ")
    assert (found.pk, created) == (person.pk, False)


def test_a_new_person_gets_the_given_password_but_an_existing_one_keeps_theirs(make_user):
    person = make_user(email="kept@example.test")
    user_get_or_create(email="kept@example.test", password="something else entirely")
    person.refresh_from_db()
    assert person.check_password("correct horse battery")

    new, created = user_get_or_create(email="fresh@example.test", password="a new password 123")
    assert created and new.check_password("a new password 123")


@pytest.fixture
def without_the_constraints():
    """The tables as they were before the migration: only the test's transaction sees this."""
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX accounts_user_email_ci_unique")
        cursor.execute(f"DROP INDEX {MIGRATION.VERIFIED_EMAIL_INDEX}")


def test_the_migration_lists_case_duplicates_and_merges_nothing(make_user, without_the_constraints):
    first = make_user(email="dup@example.test")
    second = make_user(email="other@example.test")
    User.objects.filter(pk=second.pk).update(email="Dup@Example.test")
    third, fourth = make_user(), make_user()
    EmailAddress.objects.create(user=third, email="mail@example.test", verified=True)
    EmailAddress.objects.create(user=fourth, email="MAIL@example.test", verified=True)

    with pytest.raises(MIGRATION.CaseDuplicateEmails) as caught:
        MIGRATION.refuse_case_duplicates(apps, None)
    message = str(caught.value)
    assert f"dup@example.test: #{first.pk} dup@example.test, #{second.pk} Dup@Example.test" in message
    assert f"mail@example.test: #{third.pk} mail@example.test, #{fourth.pk} MAIL@example.test" in message
    assert "nothing was changed" in message
    assert User.objects.get(pk=second.pk).email == "Dup@Example.test"


def test_the_migration_passes_without_duplicates(make_user):
    make_user(email="single@example.test")
    MIGRATION.refuse_case_duplicates(apps, None)


def test_the_operator_releases_an_address_held_unverified(muni_a, make_user):
    claimant = make_user(Role.METHODOLOGIST, muni_a, email="own@example.test")
    User.objects.filter(pk=claimant.pk).update(email="Head@Newmuni.example")
    EmailAddress.objects.create(user=claimant, email="head@newmuni.example", verified=False)

    out = StringIO()
    call_command("account_email_release", "head@newmuni.example", stdout=out)
    claimant.refresh_from_db()
    assert claimant.email == "own@example.test"
    assert list(EmailAddress.objects.filter(user=claimant).values_list("email", "verified", "primary")) == [
        ("own@example.test", True, True)
    ]
    assert AuditEntry.objects.filter(action="user.email_release", data__user_id=claimant.pk).exists()

    head, created = user_get_or_create(email="head@newmuni.example")
    assert created and head.pk != claimant.pk


def test_the_release_leaves_a_verified_owner_and_an_unproven_account_alone(make_user):
    owner = make_user(email="owner@example.test")
    with pytest.raises(CommandError, match="без подтверждения"):
        call_command("account_email_release", "owner@example.test")
    assert User.objects.get(pk=owner.pk).email == "owner@example.test"

    unproven = make_user(email="nobody@example.test")
    EmailAddress.objects.filter(user=unproven).delete()
    with pytest.raises(CommandError, match="нет подтверждённого адреса"):
        call_command("account_email_release", "nobody@example.test")
