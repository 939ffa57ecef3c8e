"""Background work whose worker died: delivered again within minutes, and the user told so.

Tasks are acknowledged late (``CELERY_TASK_ACKS_LATE``): a message a worker took stays in the
Redis broker's «unacked» hash until the task ends. A worker killed mid-task (the OOM killer, a
lost node) never acknowledges it, and kombu puts it back in the queue only once it is older than
the visibility timeout. Two things shorten that wait:

- the visibility timeout itself is sized to the longest task (``CELERY_VISIBILITY_TIMEOUT``,
  300 s: a yearly report takes well under a minute), so any live worker restores it after that;
- beat runs :func:`orphaned_deliveries_restore` every ``CELERY_RESTORE_INTERVAL`` seconds: a
  delivery that no live worker claims (its task is neither active, reserved nor scheduled on any
  worker that answers) is put back at once, and the job it belongs to is marked «прервано,
  повторяем» through the hook its app registered (:func:`interrupted_job_handler_register`).

Every task that can be delivered twice this way is idempotent (a report already built is not
built again; provisioning the same municipality twice finds it there).

Only workers that answer control messages count as live. The prefork pool (production's) answers
while a task runs; a ``solo`` worker does not, so a grace period (the restore interval) keeps a
just-delivered task from being taken for orphaned, and a task run twice is safe anyway.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from celery import current_app

logger = logging.getLogger(__name__)

InterruptedJobHandler = Callable[[str, dict[str, Any]], None]
_HANDLERS: dict[str, InterruptedJobHandler] = {}


def interrupted_job_handler_register(task_name: str, handler: InterruptedJobHandler) -> None:
    """Let an app mark its job «interrupted» when its task's delivery is restored.

    ``handler(schema_name, kwargs)`` runs in the public schema; it switches to ``schema_name``
    itself if the job lives in a municipality's schema.
    """
    _HANDLERS[task_name] = handler


@dataclass(frozen=True)
class Delivery:
    """A message some worker took and has not acknowledged."""

    tag: str
    task_id: str
    task_name: str
    schema_name: str
    kwargs: dict[str, Any]
    delivered_at: float


def _kwargs(raw: dict[str, Any]) -> dict[str, Any]:
    body = raw.get("body", "")
    if raw.get("properties", {}).get("body_encoding") == "base64":
        body = base64.b64decode(body)
    try:
        decoded = json.loads(body)
    except (TypeError, ValueError):
        return {}
    if isinstance(decoded, list) and len(decoded) >= 2 and isinstance(decoded[1], dict):
        return decoded[1]
    return {}


def unacked_deliveries(channel: Any) -> list[Delivery]:
    """What the broker holds as delivered and not acknowledged, oldest first."""
    client = channel.client
    scores = {
        (tag.decode() if isinstance(tag, bytes) else tag): float(score)
        for tag, score in client.zrange(channel.unacked_index_key, 0, -1, withscores=True)
    }
    deliveries = []
    for tag, payload in client.hgetall(channel.unacked_key).items():
        tag = tag.decode() if isinstance(tag, bytes) else tag
        try:
            raw = json.loads(payload)[0]
        except (TypeError, ValueError, IndexError):
            continue
        headers = raw.get("headers") or {}
        deliveries.append(
            Delivery(
                tag=tag,
                task_id=str(headers.get("id", "")),
                task_name=str(headers.get("task", "")),
                schema_name=str(headers.get("_schema_name") or "public"),
                kwargs=_kwargs(raw),
                delivered_at=scores.get(tag, 0.0),
            )
        )
    return sorted(deliveries, key=lambda d: d.delivered_at)


def claimed_task_ids(*, timeout: float = 1.0) -> set[str]:
    """Ids of the tasks that the workers which answer now are running, holding or scheduling."""
    inspect = current_app.control.inspect(timeout=timeout)
    claimed: set[str] = set()
    answers: list[Any] = [inspect.active(), inspect.reserved(), inspect.scheduled()]
    for answer in answers:
        for tasks in (answer or {}).values():
            for task in tasks:
                request = task.get("request", task)
                if request.get("id"):
                    claimed.add(str(request["id"]))
    return claimed


def orphaned_deliveries_restore(*, grace_seconds: float | None = None) -> int:
    """Put back in their queues the deliveries no live worker claims; how many were restored.

    A delivery younger than ``grace_seconds`` (default: ``CELERY_RESTORE_INTERVAL``) is left
    alone: its worker may have taken it an instant ago.
    """
    from django.conf import settings

    grace = settings.CELERY_RESTORE_INTERVAL if grace_seconds is None else grace_seconds
    restored = 0
    with current_app.connection_for_write() as connection:
        channel: Any = connection.default_channel  # kombu's Redis channel: its client and QoS
        deliveries = [d for d in unacked_deliveries(channel) if d.delivered_at < time.time() - grace]
        if not deliveries:
            return 0
        claimed = claimed_task_ids()
        for delivery in deliveries:
            if delivery.task_id in claimed:
                continue
            handler = _HANDLERS.get(delivery.task_name)
            if handler is not None:
                try:
                    handler(delivery.schema_name, delivery.kwargs)
                except Exception:  # the job's mark is for the user; the restore must happen anyway
                    logger.exception("Marking the interrupted job of %s failed", delivery.task_name)
            channel.qos.restore_by_tag(delivery.tag, channel.client)
            restored += 1
            logger.warning(
                "Restored task %s (%s) in %s: its worker is gone",
                delivery.task_name,
                delivery.task_id,
                delivery.schema_name,
            )
    return restored
