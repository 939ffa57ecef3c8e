"""The daily expiry check on a real Celery worker: statuses move once, the parties are e-mailed
when an agreement enters "expiring" and when it expires, and a second run sends nothing."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from accounts.models import Role, User
from accounts.services import role_grant, user_get_or_create
from agreements.models import Agreement, AgreementStatus
from audit.models import AuditEntry
from metodika.celery import app
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.fixture
def committed(django_db_blocker) -> Iterator[dict[str, object]]:
    """An agreement in force with A, a head of A and an institute employee — committed, so the
    worker sees them — removed afterwards."""
    from allauth.account.models import EmailAddress

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        head, _ = user_get_or_create(email="head-expiry@example.test")
        loiro, _ = user_get_or_create(email="loiro-expiry@example.test")
        role_grant(user=head, role=Role.HEAD, municipality=alpha, acting_user=None)
        role_grant(user=loiro, role=Role.INSTITUTE, municipality=None, acting_user=None)
        agreement = Agreement.objects.create(
            municipality=alpha,
            number="ТС-WORKER",
            concluded_on=datetime.date(2023, 9, 1),
            subject="Сопровождение",
            term_from=datetime.date(2023, 9, 1),
            term_to=datetime.date(2026, 8, 31),
            municipality_responsible="—",
            committee_responsible="—",
            institute_responsible="—",
            obligations="—",
            status=AgreementStatus.IN_FORCE,
        )
        yield {"agreement": agreement, "head": head, "loiro": loiro, "municipality": alpha}
        connection.set_schema_to_public()
        AuditEntry.objects.filter(data__agreement_id=agreement.pk).delete()
        agreement.delete()
        ids = [head.pk, loiro.pk]
        User.groups.through.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        EmailAddress.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        User.objects.filter(pk__in=ids)._raw_delete(connection.alias)


def _wait_for_mail(count: int, timeout: float = 30) -> list[mail.EmailMessage]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(mail.outbox) < count:
        time.sleep(0.2)
    return list(mail.outbox)


def test_expiry_reminders_on_the_worker(worker, committed):
    from agreements.tasks import agreement_expiry_check

    agreement = committed["agreement"]
    mail.outbox = []
    moved = agreement_expiry_check.delay(today="2026-07-10").get(timeout=30)
    assert moved == {"expiring": 1, "expired": 0}
    (message,) = _wait_for_mail(1)
    recipients = set(message.to)
    assert {"head-expiry@example.test", "loiro-expiry@example.test", TEST_MUNICIPALITIES["a"]["contact_email"]} <= (
        recipients
    )
    assert "истекает" in message.subject and "ТС-WORKER" in message.subject
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRING

    # Idempotent: the same day again moves nothing and sends nothing.
    assert agreement_expiry_check.delay(today="2026-07-11").get(timeout=30) == {"expiring": 0, "expired": 0}
    time.sleep(1)
    assert len(mail.outbox) == 1

    assert agreement_expiry_check.delay(today="2026-09-01").get(timeout=30) == {"expiring": 0, "expired": 1}
    messages = _wait_for_mail(2)
    assert len(messages) == 2 and "истёк" in messages[1].subject
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED
