"""Region-wide jobs over every municipality, chunked, recorded, and never stopped by one failure.

A beat fan-out used to send one task per municipality: 2,500 messages an hour per job, and
nothing said how long a run took or which municipalities failed. ``municipalities_fan_out``
sends one ``fan_out_chunk`` task per ``FAN_OUT_CHUNK`` municipalities (into the region); a worker
runs the job in each municipality of its chunk in turn, inside that municipality's schema, and
records successes and failures on the run's ``FanOutRun`` row. Concurrency is bounded by the
workers' (each chunk holds one worker process), and the queue by the number of chunks. The last
chunk to finish closes the run and logs its duration and failures.

``municipalities_fan_out_each`` is for a job whose municipalities must retry alone (mail that a
server refused, with back-off): one task per municipality, into its schema, each recording its
outcome on the run (``fan_out_outcome``) once it is final — done, or failed after its last retry.

``fan_out_recorded`` records a job that runs in one go (a roll-up rebuild, the snapshots, the
agreements' expiry) the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from celery import Task, current_app, shared_task
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from tenants.municipalities.dispatch import task_send
from tenants.municipalities.models import FanOutRun, Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_activate, schema_activate_public

logger = logging.getLogger(__name__)

FAN_OUT_CHUNK = 100  # municipalities per chunk task
FAILURES_KEPT = 200  # failures kept on the run row (all are counted and logged)


def _active_municipalities() -> QuerySet[Municipality]:
    """The municipalities a fan-out covers unless told otherwise: the active ones, by id."""
    return Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public").order_by("pk")


def _run_open(name: str, total: int) -> FanOutRun:
    """A new run of ``total`` municipalities; one of none is closed at once (nothing will close it)."""
    run = FanOutRun.objects.create(name=name, total=total)
    if not total:
        FanOutRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    return run


def municipalities_fan_out(task: Task, *, name: str, chunk_size: int = FAN_OUT_CHUNK) -> FanOutRun:
    """In the region: run ``task(municipality_id=…)`` in every active municipality's schema, in
    chunks of ``chunk_size`` (one Celery task each). Returns the run, closed by its last chunk."""
    schema_activate_public()
    ids = list(_active_municipalities().values_list("pk", flat=True))
    run = _run_open(name, len(ids))
    for first in range(0, len(ids), chunk_size):
        task_send(
            fan_out_chunk, schema_name="public", run_id=run.pk, task_name=task.name, ids=ids[first : first + chunk_size]
        )
    return run


def municipalities_fan_out_each(
    task: Task, *, name: str, municipalities: Iterable[Municipality] | None = None, into_public: bool = False
) -> FanOutRun:
    """In the region: send ``task(municipality_id=…, run_id=…)`` for every active municipality (or
    ``municipalities``), one task each, into its schema (or the region's, ``into_public``), so
    that each retries alone; the task records its outcome with :func:`fan_out_outcome`. Returns
    the run, closed by the last outcome."""
    schema_activate_public()
    chosen = _active_municipalities() if municipalities is None else municipalities
    targets = [(m.pk, "public" if into_public else m.schema_name) for m in chosen]
    run = _run_open(name, len(targets))
    for municipality_id, schema_name in targets:
        task_send(task, schema_name=schema_name, municipality_id=municipality_id, run_id=run.pk)
    return run


@contextmanager
def fan_out_outcome(task: Task, run_id: int | None, key: str) -> Iterator[None]:
    """Around one municipality's task of :func:`municipalities_fan_out_each`: record it on run
    ``run_id`` as done, or as failed once no retry follows (an error it does not retry on, or its
    last retry). Without a run (the task sent alone) it records nothing."""
    if run_id is None:
        yield
        return
    try:
        yield
    except Exception as error:
        retried = isinstance(error, tuple(getattr(task, "autoretry_for", ()))) and (
            task.max_retries is None or task.request.retries < task.max_retries  # None: retried for ever
        )
        if not retried:
            fan_out_progress(run_id, succeeded=0, failures={key: f"{type(error).__name__}: {error}"[:500]})
        raise
    fan_out_progress(run_id, succeeded=1, failures={})


@shared_task(acks_late=True)
def fan_out_chunk(*, run_id: int, task_name: str, ids: list[int]) -> dict[str, int]:
    """Run ``task_name`` in each of these municipalities, each in its own schema; one failing does
    not stop the others. Recorded on the run."""
    task = current_app.tasks[task_name]
    schema_activate_public()
    municipalities = {m.pk: m for m in Municipality.objects.filter(pk__in=ids)}
    succeeded = 0
    failures: dict[str, str] = {}
    for municipality_id in ids:
        municipality = municipalities.get(municipality_id)
        if municipality is None:
            failures[f"#{municipality_id}"] = "the municipality was deleted"
            continue
        try:
            schema_activate(municipality)
            task(municipality_id=municipality_id)
            succeeded += 1
        except Exception as error:
            logger.exception("%s failed in %s", task_name, municipality.schema_name)
            failures[municipality.schema_name] = f"{type(error).__name__}: {error}"[:500]
        finally:
            schema_activate_public()
    fan_out_progress(run_id, succeeded=succeeded, failures=failures)
    return {"succeeded": succeeded, "failed": len(failures)}


def fan_out_progress(run_id: int, *, succeeded: int, failures: dict[str, str]) -> None:
    """Add a chunk's outcome to its run; the chunk that completes the count closes the run."""
    with transaction.atomic():
        run = FanOutRun.objects.select_for_update().get(pk=run_id)
        FanOutRun.objects.filter(pk=run_id).update(
            succeeded=F("succeeded") + succeeded, failed=F("failed") + len(failures)
        )
        run.refresh_from_db()
        kept = dict(list(run.failures.items())[:FAILURES_KEPT])
        for key, error in failures.items():
            if len(kept) < FAILURES_KEPT:
                kept[key] = error
        run.failures = kept
        done = run.succeeded + run.failed >= run.total
        if done:
            run.finished_at = timezone.now()
        run.save(update_fields=["failures", "finished_at"])
    if done:
        _log_finished(run)


def _log_finished(run: FanOutRun) -> None:
    level = logging.WARNING if run.failed else logging.INFO
    logger.log(
        level,
        "Fan-out %s: %d municipalities, %d failed, %.1f s",
        run.name,
        run.total,
        run.failed,
        run.seconds or 0.0,
    )


@contextmanager
def fan_out_recorded(name: str, *, total: int = 1) -> Iterator[FanOutRun]:
    """Record a job that runs here in one go; the body may add failures with ``fan_out_failed``.
    An exception escaping the body is recorded as the run's failure and raised again."""
    run = FanOutRun.objects.create(name=name, total=total)
    try:
        yield run
    except Exception as error:
        run.failures = {**run.failures, "run": f"{type(error).__name__}: {error}"[:500]}
        run.failed = max(run.failed, 1)
        raise
    finally:
        run.succeeded = max(run.total - run.failed, 0)
        run.finished_at = timezone.now()
        run.save(update_fields=["failures", "failed", "succeeded", "finished_at"])
        _log_finished(run)


def fan_out_failed(run: FanOutRun, key: str, error: Any, *, count: int = 1) -> None:
    """Note ``count`` failed municipalities (a chunk of a rebuild) on a run in progress."""
    run.failed += count
    if len(run.failures) < FAILURES_KEPT:
        run.failures[key] = f"{type(error).__name__}: {error}"[:500] if isinstance(error, Exception) else str(error)
