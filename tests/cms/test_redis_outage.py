"""The sites, login and admin while the cache's Redis is down, and the page cache after it returns.

The cache is pointed at a port of this machine: first nothing listens there (a stopped Redis),
then a Redis of the test's own is started on that very port, so the same backend, its pool of
connections and its circuit breaker are the ones that live through the outage and come back.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django_tenants.utils import tenant_context

from accounts.models import Role
from cms.home.models import ContactPage
from metodika.redis_cache import CacheUnavailable, redis_address
from metodika.redis_outage import redis_breaker
from metodika.settings.cache import redis_caches
from tenants.municipalities.models import PendingTaskSend
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("caches_store")

LOGIN_URL = "/accounts/login/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A Redis server of the test's own on a fixed port, stopped and started at will."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._directory = directory
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self._directory,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.2).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def cache_at(settings):
    """Point every cache alias at ``url`` (the way the settings build them) for this test."""

    def point(url: str, *, retry_seconds: float = 0.3) -> None:
        settings.REDIS_OUTAGE_RETRY_SECONDS = retry_seconds
        settings.CACHES = redis_caches(url, "metodika-test")

    return point


def _breaker(url: str):
    return redis_breaker("Redis cache " + redis_address(url))


def test_sites_login_and_admin_work_while_the_cache_is_down_and_the_page_cache_returns_with_it(
    muni_a, make_user, host_client, own_redis, cache_at, settings, caplog
):
    # Rate limits count in the cache: on, as in production, so that the login exercises them.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    head = make_user(Role.HEAD, muni_a)
    cache_at(own_redis.url)  # nothing listens there yet
    visitor = host_client(muni_a)
    caplog.set_level(logging.WARNING, logger="metodika.redis_outage")

    for path in ("/", "/o-sluzhbe/", "/kontakty/", "/novosti/", LOGIN_URL):
        response = visitor.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    assert muni_a.short_name in visitor.get("/").content.decode()

    wrong = visitor.post(LOGIN_URL, {"login": head.email, "password": "not the password"})
    assert wrong.status_code == 200 and "_auth_user_id" not in visitor.session
    signed_in = host_client(muni_a)
    response = signed_in.post(LOGIN_URL, {"login": head.email, "password": PASSWORD})
    assert response.status_code == 302 and signed_in.session["_auth_user_id"] == str(head.pk)
    assert signed_in.get("/admin/").status_code == 200
    assert signed_in.get("/admin/pages/", follow=True).status_code == 200  # the explorer of the site

    # An edit while the cache is down: saved, and its purge kept for beat to redo.
    with tenant_context(muni_a):
        page = ContactPage.objects.get()
        page.phone = "+7 (81369) 2-22-22"
        page.save_revision().publish()
    assert PendingTaskSend.objects.filter(
        task_name="cms.base.tasks.page_cache_purge_task", kwargs={"schema_names": [muni_a.schema_name]}
    ).exists()
    assert "2-22-22" in visitor.get("/kontakty/").content.decode()
    assert _through_the_wsgi_front(muni_a, "/kontakty/") == "200 OK"

    # Logged once for the whole outage, and counted.
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and "unavailable" in r.getMessage()]
    assert len(errors) == 1 and own_redis.url.split("//")[1] in errors[0].getMessage()
    counts = _breaker(own_redis.url).counts()
    assert counts.down and counts.outages == 1 and counts.without_redis > counts.failures >= 1

    # Redis is back on the same port: after the breaker's short window the page cache works again.
    own_redis.start()
    time.sleep(0.35)
    anonymous = host_client(muni_a)
    assert anonymous.get("/kontakty/")["X-Page-Cache"] == "miss"
    hit = anonymous.get("/kontakty/")
    assert hit["X-Page-Cache"] == "hit" and "2-22-22" in hit.content.decode()
    assert not _breaker(own_redis.url).counts().down
    assert any("is back after" in r.getMessage() for r in caplog.records)
    assert _through_the_wsgi_front(muni_a, "/kontakty/") == "200 OK hit"

    # The purge kept during the outage, run as beat's flush would send it, retires what is stored.
    from cms.base.tasks import page_cache_purge_task

    kept = PendingTaskSend.objects.get(task_name="cms.base.tasks.page_cache_purge_task")
    page_cache_purge_task(**kept.kwargs)
    assert anonymous.get("/kontakty/")["X-Page-Cache"] == "miss"


def _through_the_wsgi_front(municipality, path: str) -> str:
    """The status line production's WSGI application answers with (and "hit" when from the cache)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    from cms.base.page_cache import PageCacheFront

    answered: dict[str, str] = {}

    def start_response(status, headers, exc_info=None):
        answered["status"] = status + (" hit" if ("X-Page-Cache", "hit") in headers else "")

    environ = RequestFactory().get(path, HTTP_HOST=municipality.default_hostname).environ
    # As Django's test client does: the test's transaction must outlive the request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        b"".join(PageCacheFront(WSGIHandler())(environ, start_response))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return answered["status"]


def test_a_redis_that_hangs_costs_one_timeout_not_one_per_cache_call(muni_a, host_client, cache_at):
    """A Redis host that no longer answers (accepts, then says nothing): the first call waits for
    its socket timeout, the next ones do not touch the network until the window has passed."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # connections complete in the kernel's backlog; nobody ever answers
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        cache_at(url, retry_seconds=30)
        started = time.monotonic()
        response = host_client(muni_a).get("/o-sluzhbe/")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    counts = _breaker(url).counts()
    assert counts.failures == 1 and counts.without_redis > 5, counts
    assert elapsed < 3, elapsed  # one socket timeout (1 s), not one per cache call


def test_while_redis_is_down_the_cache_answers_as_an_empty_cache_that_keeps_nothing(own_redis, cache_at):
    cache_at(own_redis.url)
    assert cache.get("anything", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", 1) is True  # allauth's rate-limit lock goes on at once
    cache.set("key", 1)
    assert cache.has_key("key") is False
    with pytest.raises(ValueError):  # as for a missing key; callers already handle it
        cache.incr("key")
    with pytest.raises(CacheUnavailable):
        cache.incr("key")
    assert cache.get_or_set("computed", lambda: 42) == 42
