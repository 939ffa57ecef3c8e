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
from tenants.municipalities.fan_out import municipalities_fan_out
from tenants.municipalities.models import FanOutRun, Municipality, MunicipalityStatus
from tests.conftest import TEST_MUNICIPALITIES

pytestmark = pytest.mark.worker


@shared_task
def fan_out_probe(*, municipality_id: int) -> str:
    """Fails in municipality A; elsewhere checks it runs in the municipality's own schema."""
    municipality = municipality_for_task(municipality_id)  # raises in any other schema
    if municipality.slug == TEST_MUNICIPALITIES["a"]["slug"]:
        raise RuntimeError("probe failure in A")
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
        FanOutRun.objects.filter(name="test.probe").delete()


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
