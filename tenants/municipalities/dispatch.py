"""Sending tasks into a named schema after the transaction commits, without losing them.

Tasks get ids, not objects, and always the municipality they belong to: the schema is never
assumed from whatever the sending connection happens to be set to.

The broker is Redis, which may be down while the database is up. A send the broker does not
take is kept in ``PendingTaskSend`` (public schema) and sent again by beat
(``pending_sends_flush``, every minute): the write that asked for it has committed and stands.
A send never holds the request for long: Celery's publish retries and socket timeouts are short
(``metodika.settings.celery``), and after a failure the broker is not tried again for a few
seconds (``metodika.redis_outage``), the sends going straight to the table meanwhile.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from metodika.redis_cache import redis_address
from metodika.redis_outage import RedisBreaker, redis_breaker
from tenants.municipalities.models import Municipality, PendingTaskSend
from tenants.municipalities.schemas import schema_active

logger = logging.getLogger(__name__)

# What a send raises when the broker is not there: kombu's wrapped connection errors, and from the
# Redis result backend (which subscribes to the result before publishing) a redis error or, once
# its reconnect retries are spent, a RuntimeError. Anything else is a bug and is raised.
SEND_FAILURES = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError, RuntimeError)
FLUSH_BATCH = 500


def _broker() -> RedisBreaker:
    return redis_breaker("Celery broker " + redis_address(current_app.conf.broker_url or ""))


def task_send_on_commit(task: Task, *, schema_name: str, **kwargs: Any) -> None:
    """Send ``task`` with ``kwargs`` into ``schema_name`` once the current transaction commits."""
    transaction.on_commit(lambda: task_send(task, schema_name=schema_name, **kwargs))


def task_send(task: Task, *, schema_name: str, **kwargs: Any) -> bool:
    """Send now; if the broker cannot take it, keep it for beat. True if the broker has it."""
    breaker = _broker()
    if breaker.allows():
        try:
            task.apply_async(kwargs=kwargs, headers={"_schema_name": schema_name})
        except SEND_FAILURES as error:
            breaker.failed(error)
            _keep(task.name, schema_name, kwargs, error=str(error))
            return False
        breaker.succeeded()
        return True
    _keep(task.name, schema_name, kwargs, error="broker unavailable")
    return False


def task_send_later(task_name: str, *, schema_name: str, **kwargs: Any) -> None:
    """Leave a task for beat's next flush, unless the very same one is already waiting.

    For redoing what Redis could not do now (a page cache purge): not sent at once, since the
    Redis that failed is most likely the broker too.
    """
    pending = PendingTaskSend.objects.filter(task_name=task_name, schema_name=schema_name, kwargs=kwargs)
    if not pending.exists():
        _keep(task_name, schema_name, kwargs, error="")


def _keep(task_name: str, schema_name: str, kwargs: dict[str, Any], *, error: str) -> None:
    PendingTaskSend.objects.create(task_name=task_name, schema_name=schema_name, kwargs=kwargs, last_error=error)
    if error:
        logger.warning("Task %s for %s kept for a later send: %s", task_name, schema_name, error)


def pending_sends_flush(*, limit: int = FLUSH_BATCH) -> int:
    """Send the kept tasks, oldest first, each into its schema; how many the broker took.

    Stops at the first failure (the broker is down again) and leaves the rest, marked, for the
    next run. Rows are locked, skipping those another flush holds, so two flushes never send the
    same row.
    """
    sent = 0
    with transaction.atomic():
        rows = list(PendingTaskSend.objects.select_for_update(skip_locked=True)[:limit])
        for index, row in enumerate(rows):
            try:
                current_app.signature(row.task_name, kwargs=row.kwargs).apply_async(
                    headers={"_schema_name": row.schema_name}
                )
            except SEND_FAILURES as error:
                left = [r.pk for r in rows[index:]]
                PendingTaskSend.objects.filter(pk__in=left).update(attempts=F("attempts") + 1, last_error=str(error))
                logger.warning("Pending task sends: %d sent, %d left, the broker failed: %s", sent, len(left), error)
                return sent
            row.delete()
            sent += 1
    if sent:
        logger.info("Pending task sends: %d sent", sent)
    return sent


def municipality_for_task(municipality_id: int) -> Municipality:
    """The municipality a task was sent for; refuses to run in any other schema."""
    municipality = Municipality.objects.get(pk=municipality_id)
    if schema_active() != municipality.schema_name:
        raise RuntimeError(f"Task for {municipality.schema_name} is running in schema {schema_active()}; refusing.")
    return municipality
