"""Region-wide fan-outs on a real Celery worker: chunked, each municipality in its own schema,
one failing without stopping the others, the run's duration and failures recorded."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.db import connection

from metodika.celery import app
from tenants.municipalities.dispatch import municipality_for_task
from tenants.municipalities.fan_out import fan_out_outcome, municipalities_fan_out, municipalities_fan_out_each
from tenants.municipalities.models import FanOutRun, Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_active
from tests.conftest import TEST_MUNICIPALITIES

pytestmark = pytest.mark.worker


@shared_task
def fan_out_probe(*, municipality_id: int) -> str:
    """Fails in municipality A; elsewhere checks it runs in the municipality's own schema."""
    municipality = municipality_for_task(municipality_id)  # raises in any other schema
    if municipality.slug == TEST_MUNICIPALITIES["a"]["slug"]:
        raise RuntimeError("probe failure in A")
    return municipality.schema_name


@shared_task(bind=True, autoretry_for=(OSError,), max_retries=1, default_retry_delay=0)
def fan_out_retry_probe(self, *, municipality_id: int, run_id: int | None = None) -> str:
    """Fails in municipality A on every attempt with an error it retries on, once."""
    with fan_out_outcome(self, run_id, key=schema_active()):
        municipality = municipality_for_task(municipality_id)
        if municipality.slug == TEST_MUNICIPALITIES["a"]["slug"]:
            raise OSError(f"mail server refused (attempt {self.request.retries + 1})")
        return municipality.schema_name


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.fixture
def runs(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
        FanOutRun.objects.filter(name__in=["test.probe", "test.retry_probe"]).delete()


def test_a_chunked_fan_out_runs_everywhere_records_the_failure_and_closes_the_run(worker, runs):
    active = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public")
    alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
    run = municipalities_fan_out(fan_out_probe, name="test.probe", chunk_size=1)  # one chunk task each
    assert run.total == active.count() >= 2
    deadline = time.monotonic() + 60
    while FanOutRun.objects.get(pk=run.pk).finished_at is None:
        assert time.monotonic() < deadline, "the run was not closed"
        time.sleep(0.2)
    run.refresh_from_db()
    assert (run.failed, run.succeeded) == (1, run.total - 1)  # A failed, the others (after it too) ran
    assert list(run.failures) == [alpha.schema_name] and "probe failure in A" in run.failures[alpha.schema_name]
    assert run.seconds is not None and run.seconds >= 0


def test_a_fan_out_of_one_task_each_records_a_failure_after_its_last_retry_only(worker, runs):
    """A municipality whose task retries is recorded once, when no retry follows; the run closes
    when every municipality's outcome is final."""
    active = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public")
    alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
    run = municipalities_fan_out_each(fan_out_retry_probe, name="test.retry_probe")
    assert run.total == active.count() >= 2
    deadline = time.monotonic() + 60
    while FanOutRun.objects.get(pk=run.pk).finished_at is None:
        assert time.monotonic() < deadline, "the run was not closed"
        time.sleep(0.2)
    time.sleep(0.5)  # nothing more comes after the close
    run.refresh_from_db()
    assert (run.failed, run.succeeded) == (1, run.total - 1)
    assert run.failures == {alpha.schema_name: "OSError: mail server refused (attempt 2)"}


# Every beat fan-out of the region that runs a task in each municipality: (its task, its run's name).
BEAT_FAN_OUTS = [
    ("tenants.events.tasks.event_reminders_fan_out", "events.reminders"),
    ("tenants.events.tasks.registrations_pending_purge_fan_out", "events.pending_purge"),
    ("tenants.needs.tasks.needs_reminders_fan_out", "needs.reminders"),
    ("tenants.quality.tasks.quality_recount_fan_out", "quality.recount"),
    ("tenants.courses.tasks.course_offers_complete_fan_out", "courses.offers_complete"),
]


@pytest.fixture
def beat_runs(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
        FanOutRun.objects.filter(name__in=[name for _task, name in BEAT_FAN_OUTS]).delete()


@pytest.mark.parametrize(("task_name", "run_name"), BEAT_FAN_OUTS)
def test_a_beat_fan_out_is_chunked_and_recorded(worker, beat_runs, task_name, run_name):
    """Sent as beat sends it: one chunk task per 100 municipalities, every active one done in its
    schema without a failure, the run closed."""
    active = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public").count()
    assert app.send_task(task_name).get(timeout=60) == active
    run = FanOutRun.objects.filter(name=run_name).latest("pk")
    deadline = time.monotonic() + 60
    while FanOutRun.objects.get(pk=run.pk).finished_at is None:
        assert time.monotonic() < deadline, "the run was not closed"
        time.sleep(0.2)
    run.refresh_from_db()
    assert (run.total, run.succeeded, run.failed, run.failures) == (active, active, 0, {})
