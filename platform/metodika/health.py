"""Health, readiness and metrics, answered in WSGI before anything routes by host.

A load balancer or an orchestrator probes a node by its address, with no municipality's host:
these paths answer whatever the ``Host`` header says, before the page cache, ``ALLOWED_HOSTS``,
the HTTPS redirect or the routing middleware see the request (``metodika.wsgi`` puts
:class:`HealthFront` outermost).

- ``/healthz``: the process answers; no I/O at all (liveness).
- ``/readyz``: the database answers ``SELECT 1`` and both Redis servers (cache and broker) answer
  ``PING``, each with a one-second timeout; 503 with the failing parts named otherwise.
- ``/metrics``: Prometheus' text (``metodika.metrics``), only with ``Authorization: Bearer
  <METRICS_TOKEN>``; without a token configured the path is left to Django (a 404).
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

import redis

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
PROBE_TIMEOUT_SECONDS = 1.0
NO_STORE = [("Cache-Control", "no-store")]


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS, socket_timeout=PROBE_TIMEOUT_SECONDS)


def _database_ready() -> None:
    from django.db import close_old_connections, connection

    # As Django's handler does around a request (this is answered outside it); never inside a
    # transaction someone holds open (a test's), which closing would break.
    owned = not connection.in_atomic_block
    if owned:
        close_old_connections()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        if owned:
            close_old_connections()


def readiness() -> dict[str, str]:
    """Each dependency's state: ``ok`` or the error's type."""
    from django.conf import settings

    checks: dict[str, Callable[[], Any]] = {
        "database": _database_ready,
        "cache": lambda: _redis_client(settings.CACHES["default"]["LOCATION"]).ping(),
        "broker": lambda: _redis_client(settings.CELERY_BROKER_URL).ping(),
    }
    states = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # a probe reports, it does not raise
            logger.warning("Readiness: %s failed: %s", name, error)
            states[name] = type(error).__name__
        else:
            states[name] = "ok"
    return states


def _metrics_allowed(environ: dict[str, Any], token: str) -> bool:
    offered = environ.get("HTTP_AUTHORIZATION", "")
    return hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


class HealthFront:
    """WSGI in front of everything else (see the module's docstring)."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain"), *NO_STORE])
            return [b"ok\n"]
        if path == READY_PATH:
            states = readiness()
            ready = all(state == "ok" for state in states.values())
            start_response(
                "200 OK" if ready else "503 Service Unavailable", [("Content-Type", "application/json"), *NO_STORE]
            )
            return [json.dumps(states).encode()]
        if path == METRICS_PATH:
            from django.conf import settings

            token = settings.METRICS_TOKEN
            if token:
                if not _metrics_allowed(environ, token):
                    start_response("403 Forbidden", [("Content-Type", "text/plain"), *NO_STORE])
                    return [b"forbidden\n"]
                from prometheus_client import CONTENT_TYPE_LATEST

                from metodika.metrics import metrics_exposition

                start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), *NO_STORE])
                return [metrics_exposition()]
        return self.application(environ, start_response)
