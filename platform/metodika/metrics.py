"""Prometheus metrics: the page cache's hits and misses, the Celery queue's length.

Counters are counted where things happen (``page_cache_counted``); the queue's length and the
deliveries waiting for acknowledgement are read from the broker's Redis when Prometheus scrapes
(``metrics_exposition``). Under gunicorn every worker process counts on its own: with
``PROMETHEUS_MULTIPROC_DIR`` set (the image sets it, and ``deploy/gunicorn.conf.py`` removes a
dead worker's files) the scrape adds them up; without it (``runserver``) the one process answers.

Hit ratio, in PromQL::

    sum(rate(metodika_page_cache_requests_total{result="hit"}[5m]))
      / sum(rate(metodika_page_cache_requests_total[5m]))
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

PAGE_CACHE_REQUESTS = Counter(
    "metodika_page_cache_requests",
    "Anonymous page requests the page cache looked up, by result (hit: served from Redis).",
    ["result"],
)
PAGE_CACHE_HIT = PAGE_CACHE_REQUESTS.labels(result="hit")
PAGE_CACHE_MISS = PAGE_CACHE_REQUESTS.labels(result="miss")
# kombu's Redis transport keeps priorities 3, 6 and 9 in lists of their own beside the queue's.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def page_cache_counted(*, hit: bool) -> None:
    (PAGE_CACHE_HIT if hit else PAGE_CACHE_MISS).inc()


class CeleryQueueCollector(Collector):
    """Reads the queue's length and the unacknowledged deliveries from the broker at scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from celery import current_app

        queue = current_app.conf.task_default_queue or "celery"
        length = GaugeMetricFamily(
            "metodika_celery_queue_length", "Tasks waiting in the Celery queue (broker Redis).", labels=["queue"]
        )
        unacked = GaugeMetricFamily(
            "metodika_celery_unacked", "Tasks taken by a worker and not acknowledged yet (running or lost)."
        )
        up = GaugeMetricFamily("metodika_celery_broker_up", "1 if the broker's Redis answered the scrape.")
        try:
            with current_app.connection_for_read() as connection:
                channel: Any = connection.default_channel
                client = channel.client
                pipe = client.pipeline()
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
                pipe.hlen(channel.unacked_key)
                *lengths, pending = pipe.execute()
        except Exception:  # a scrape must answer; the broker being down is itself the signal
            up.add_metric([], 0)
            yield up
            return
        length.add_metric([queue], sum(lengths))
        unacked.add_metric([], pending)
        up.add_metric([], 1)
        yield from (length, unacked, up)


def metrics_exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or all workers') counters and the queue."""
    # prometheus_client itself reads this variable at import to choose per-process files.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(CeleryQueueCollector())
        return generate_latest(registry)
    return generate_latest(_process_registry())


@functools.cache
def _process_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(PAGE_CACHE_REQUESTS)
    registry.register(CeleryQueueCollector())
    return registry
