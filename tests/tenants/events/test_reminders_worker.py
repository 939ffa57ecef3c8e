"""Reminders a day before, sent by a real Celery worker to the right people in the right municipality.

The beat task runs in the region and fans out one task per municipality into its schema; each
reminds its own registered participants once. The worker has its own connection, so the data is
committed here and removed at the end.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from metodika.celery import app
from rollups.models import MunicipalityYearRollup
from tenants.events.models import Event, Registration, RegistrationStatus
from tenants.events.rollups import events_rollup_refresh
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.tenants.events.factories import make_event

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.fixture
def municipalities(django_db_blocker) -> Iterator[tuple[Municipality, Municipality]]:
    with django_db_blocker.unblock():
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
        rollups_before = set(MunicipalityYearRollup.objects.values_list("pk", flat=True))
        yield alpha, beta
        for municipality in (alpha, beta):
            with tenant_context(municipality):
                Event.objects.filter(title__startswith="Напоминание:").delete()
                events_rollup_refresh(days=[timezone.now()])
        connection.set_schema_to_public()
        from audit.models import AuditEntry

        AuditEntry.objects.filter(target__contains="Напоминание:")._raw_delete(connection.alias)
        MunicipalityYearRollup.objects.exclude(pk__in=rollups_before).delete()


def seat(event: Event, email: str, status: str = RegistrationStatus.CONFIRMED) -> Registration:
    return Registration.objects.create(event=event, full_name=email.split("@")[0], email=email, status=status)


def wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.2)


def test_reminders_go_to_the_registered_of_each_municipality_once(worker, municipalities):
    from tenants.events.tasks import event_reminders_fan_out

    alpha, beta = municipalities
    soon = timezone.now() + datetime.timedelta(hours=20)
    with tenant_context(alpha):
        tomorrow_a = make_event(title="Напоминание: семинар А", starts_at=soon)
        later_a = make_event(title="Напоминание: через неделю", starts_at=soon + datetime.timedelta(days=7))
        seat(tomorrow_a, "a1@example.test")
        seat(tomorrow_a, "a-waiting@example.test", RegistrationStatus.WAITLISTED)
        seat(tomorrow_a, "a-cancelled@example.test", RegistrationStatus.CANCELLED)
        seat(later_a, "a-later@example.test")
    with tenant_context(beta):
        tomorrow_b = make_event(title="Напоминание: семинар Б", starts_at=soon)
        seat(tomorrow_b, "b1@example.test")
        seat(tomorrow_b, "b2@example.test")
    mail.outbox = []
    connection.set_schema_to_public()
    sent = event_reminders_fan_out.delay().get(timeout=30)
    assert sent >= 2  # one task per active municipality
    wait_for(lambda: len(mail.outbox) >= 3)
    time.sleep(1)  # nothing else arrives
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["a1@example.test", "b1@example.test", "b2@example.test"]
    assert by_address["a1@example.test"].subject.startswith("Напоминание: Напоминание: семинар А")
    assert alpha.default_hostname in by_address["a1@example.test"].body
    assert beta.default_hostname in by_address["b1@example.test"].body
    assert "семинар Б" in by_address["b2@example.test"].subject
    # A second run (the next hour's beat) sends nothing again.
    mail.outbox = []
    event_reminders_fan_out.delay().get(timeout=30)
    time.sleep(2)
    assert mail.outbox == []
    with tenant_context(alpha):
        assert Registration.objects.get(email="a1@example.test").reminder_sent_at is not None
        assert Registration.objects.get(email="a-later@example.test").reminder_sent_at is None


def test_a_reminder_task_refuses_another_municipality_schema(worker, municipalities):
    from tenants.events.tasks import event_reminders_send

    alpha, beta = municipalities
    result = event_reminders_send.apply_async(
        kwargs={"municipality_id": alpha.pk}, headers={"_schema_name": beta.schema_name}
    )
    with pytest.raises(RuntimeError, match="refusing"):
        result.get(timeout=30)
