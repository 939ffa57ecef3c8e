"""Region-wide reads on the streaming replica, and the reads that must stay on the primary.

With ``REPLICA_DATABASE_URL`` set (``settings/database.py``) the institute's screens and exports
and the region's public pages read from the replica, so the dashboards' scans of 2,500
municipalities' roll-ups leave the primary to the writes. A read goes to the replica only when
all of these hold, else to the primary:

* the request is a GET or HEAD on the region host, to a view ``REPLICA_READ_NAMESPACES`` or
  ``REPLICA_READ_VIEWS`` names (decided in ``process_view``; the middleware before it, sessions
  and authentication included, always reads the primary);
* the browser is not pinned to the primary: any POST, PUT, PATCH or DELETE, on any host, sets a
  cookie that keeps its reads on the primary for ``REPLICA_PIN_SECONDS``, so the person who just
  wrote sees their write whatever the replica's lag (everyone else may see the page as it was a
  moment ago);
* the request has written nothing yet (after its first write, it reads what it wrote);
* the primary's connection is in no transaction (a read inside ``atomic`` is part of a write);
* the model's app is not one that decides who may see what (``REPLICA_PRIMARY_APPS``: users,
  roles, sessions, two-factor devices, lockouts, API keys), so a revocation takes effect at once;
* the replica answers and is not too far behind (``metodika.replica_health``). A replica that fails
  in the middle of a request is marked down and the request's view runs again on the primary
  (only a GET or HEAD that has written nothing: running it twice changes nothing).

The replica's connection follows the primary's schema (``metodika.replica_backend``). Celery
tasks, commands and the municipalities' hosts never read the replica: no request state, no
replica. Without ``REPLICA_DATABASE_URL`` the router sends everything to ``default``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django_tenants.utils import get_public_schema_name

from metodika.replica_health import REPLICA, replica_failed, replica_usable

PIN_COOKIE = "metodika_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class RequestReads:
    """What the current request may read from the replica."""

    replica: bool = False
    wrote: bool = False
    view: tuple[Callable[..., Any], Any, Any] | None = None  # to run again on the primary


_request_reads: ContextVar[RequestReads | None] = ContextVar("metodika_request_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def reads_on_replica() -> bool:
    """Whether a read made now (outside a transaction) would go to the replica."""
    state = _request_reads.get()
    return state is not None and state.replica and not state.wrote


class ReplicaRouter:
    """Reads to the replica under the rules above; every write, and every other read, to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if (
            reads_on_replica()
            and model._meta.app_label not in settings.REPLICA_PRIMARY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        # Said explicitly rather than left to Django: for a relation of an object read from the
        # replica, Django's fallback would follow that object to the replica.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _request_reads.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The same rows on both: an object read from the replica may be linked to one from the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None


def read_connection(model: type[Any]) -> BaseDatabaseWrapper:
    """The connection a raw SQL read of ``model``'s table goes to, as the ORM's reads would.

    Routers see only the ORM: a selector that runs its own SQL (the dashboards' one statement)
    takes its cursor from here to be served by the replica too."""
    return connections[router.db_for_read(model)]


def pinned_to_primary(request: HttpRequest) -> bool:
    raw = request.COOKIES.get(PIN_COOKIE, "")
    try:
        return float(raw) > time.time()
    except ValueError:
        return False


def replica_view(request: HttpRequest) -> bool:
    """A view whose reads the replica may serve: on the region host, named in the settings."""
    match = request.resolver_match
    if match is None or connections[DEFAULT_DB_ALIAS].schema_name != get_public_schema_name():  # type: ignore[attr-defined]
        return False
    return match.namespace in settings.REPLICA_READ_NAMESPACES or match.view_name in settings.REPLICA_READ_VIEWS


class ReplicaReadsMiddleware:
    """Decides per request whether its view reads the replica; pins a writing browser to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        token = _request_reads.set(RequestReads())
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        state = _request_reads.get()
        if (
            state is not None
            and request.method in SAFE_METHODS
            and not pinned_to_primary(request)
            and replica_view(request)
            and replica_usable()
        ):
            state.replica = True
            state.view = (view_func, view_args, view_kwargs)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The replica failed under a read: mark it down and serve the request from the primary."""
        state = _request_reads.get()
        if (
            state is None
            or not state.replica
            or state.wrote
            or state.view is None
            or not isinstance(exception, OperationalError | InterfaceError)
            or _replica_alive()
        ):
            return None
        replica_failed(exception)
        state.replica = False
        view_func, view_args, view_kwargs = state.view
        response: HttpResponse = view_func(request, *view_args, **view_kwargs)
        render = getattr(response, "render", None)
        if callable(render):  # a TemplateResponse: rendered here, as Django would not after an exception
            response = render()
        return response


def _replica_alive() -> bool:
    """Whether the replica's connection still answers (then the error came from elsewhere)."""
    replica = connections[REPLICA]
    return replica.connection is not None and replica.is_usable()
