"""Keys, clients and data of the API's tests: municipality A and B from the session, a key per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role
from api.scopes import Scope
from api.services import api_key_issue
from tests.tenants.development.factories import CourseRecordFactory
from tests.tenants.events.factories import make_event
from tests.tenants.people.factories import TeacherFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters and Last-Modified stamps start afresh in every test."""
    cache.clear()
    yield
    cache.clear()


@contextmanager
def connection_kept() -> Iterator[None]:
    """Django's handler closes the database connection around a request; the test's transaction
    lives on it, so keep it open while a WSGI application is called directly (as the test client
    does for its own requests, reconnecting the signals after each)."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@pytest.fixture
def institute_user(make_user):
    return make_user(Role.INSTITUTE, None)


@pytest.fixture
def make_key(institute_user, muni_a) -> Callable[..., str]:
    """The secret of a new key: ``make_key(Scope.EVENTS_READ, municipalities=[muni_a])``."""

    def make(*scopes: str, municipalities: Any = None, owner: Any = None, rate_limit: int | None = None) -> str:
        issued = api_key_issue(
            acting_user=None,
            name="Тестовая система",
            owner=owner or institute_user,
            scopes=scopes or [Scope.EVENTS_READ],
            municipalities=[muni_a] if municipalities is None else municipalities,
            rate_limit_per_minute=rate_limit,
        )
        return issued.secret

    return make


@pytest.fixture
def api_client() -> Callable[..., Client]:
    """A client of one host (a municipality, or the region when None), with a key if given."""
    from django.conf import settings

    def make(municipality: Any = None, key: str | None = None) -> Client:
        host = municipality.default_hostname if municipality else settings.REGION_DOMAIN
        headers = {"HTTP_HOST": host}
        if key is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return Client(**headers)

    return make


@pytest.fixture
def muni_data(muni_a, muni_b) -> Callable[..., dict[str, Any]]:
    """A teacher with a course record and a public event with two seats, in a municipality."""

    def make(municipality: Any, *, title: str = "Семинар учителей математики") -> dict[str, Any]:
        with tenant_context(municipality):
            teacher = TeacherFactory(email=f"ivanova@{municipality.slug}.example")
            record = CourseRecordFactory(teacher=teacher)
            event = make_event(title=title, capacity=2, is_public=True)
        return {"teacher": teacher, "record": record, "event": event}

    return make


from tests.cms.conftest import caches_store, publish, site_home  # noqa: E402, F401 (fixtures shared with the site's tests)
