"""Health probes before host routing, Prometheus metrics, JSON logs and scrubbed error reports."""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import RequestFactory

from metodika.wsgi import application
from tests.metodika.test_production_settings import a_secret, production_env, run_python


def wsgi_get(path: str, wsgi: Any = application, **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory().get(path, **headers).environ
    answered: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answered.update(status=status, headers=dict(response_headers))

    body = b"".join(wsgi(environ, start_response))
    return answered["status"], answered["headers"], body


def test_healthz_answers_any_host_with_no_io(monkeypatch):
    # No django_db mark: any database access would raise here.
    import redis

    def no_redis(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("healthz must not touch Redis")

    monkeypatch.setattr(redis.Redis, "execute_command", no_redis)
    status, headers, body = wsgi_get("/healthz", HTTP_HOST="10.1.2.3")
    assert status == "200 OK" and body == b"ok\n" and headers["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_the_database_and_both_redis_servers(settings):
    status, _headers, body = wsgi_get("/readyz", HTTP_HOST="10.1.2.3")  # no host the routing knows
    assert status == "200 OK"
    assert json.loads(body) == {"database": "ok", "cache": "ok", "broker": "ok"}

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    status, _headers, body = wsgi_get("/readyz", HTTP_HOST="10.1.2.3")
    assert status == "503 Service Unavailable"
    assert json.loads(body) == {"database": "ok", "cache": "ok", "broker": "ConnectionError"}


@pytest.mark.django_db
def test_metrics_need_the_token_and_count_page_cache_hits(settings, muni_a, host_client, monkeypatch):
    import cms.base.page_cache as page_cache
    from metodika.health import HealthFront
    from metodika.metrics import PAGE_CACHE_HIT, PAGE_CACHE_MISS

    reached = []

    def django_application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        reached.append(environ["PATH_INFO"])
        start_response("404 Not Found", [])
        return [b""]

    settings.METRICS_TOKEN = ""  # no token: no metrics, the path is Django's (a 404)
    assert wsgi_get("/metrics", HealthFront(django_application), HTTP_HOST="10.1.2.3")[0] == "404 Not Found"
    assert reached == ["/metrics"]
    settings.METRICS_TOKEN = "scrape-secret"
    assert wsgi_get("/metrics", HTTP_HOST="10.1.2.3", HTTP_AUTHORIZATION="Bearer wrong")[0] == "403 Forbidden"

    monkeypatch.setattr(page_cache, "reads_are_committed", lambda: True)
    from django.core.cache import cache

    cache.clear()
    hits, misses = PAGE_CACHE_HIT._value.get(), PAGE_CACHE_MISS._value.get()
    client = host_client(muni_a)
    assert client.get("/").headers["X-Page-Cache"] == "miss"
    assert client.get("/").headers["X-Page-Cache"] == "hit"
    cache.clear()
    assert (PAGE_CACHE_HIT._value.get() - hits, PAGE_CACHE_MISS._value.get() - misses) == (1, 1)

    status, headers, body = wsgi_get("/metrics", HTTP_HOST="10.1.2.3", HTTP_AUTHORIZATION="Bearer scrape-secret")
    text = body.decode()
    assert status == "200 OK" and headers["Content-Type"].startswith("text/plain")
    assert f'metodika_page_cache_requests_total{{result="hit"}} {PAGE_CACHE_HIT._value.get()}' in text
    assert 'metodika_celery_queue_length{queue="' in text and "metodika_celery_broker_up 1.0" in text


def test_production_logs_are_json_lines_with_the_schema():
    script = "import django, logging; django.setup(); logging.getLogger('metodika.probe').warning('проба %s', 42)"
    result = run_python("-c", script, env=production_env(DJANGO_SECRET_KEY=a_secret()))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    (probe,) = [line for line in lines if line["logger"] == "metodika.probe"]
    assert probe["message"] == "проба 42" and probe["level"] == "WARNING"
    assert probe["schema"] == "public" and "domain_url" in probe and probe["time"]


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def sentry_server() -> Iterator[tuple[int, list[bytes]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Collector.received
    finally:
        server.shutdown()


SENTRY_SCRIPT = r"""
import django, sentry_sdk
django.setup()

def report_build(first_name, email):
    raise ValueError(f"no teacher {email} ({first_name})")

try:
    report_build("Иванна", "ivanna.petrova@school.example.ru")
except ValueError:
    sentry_sdk.capture_exception()
sentry_sdk.capture_event({
    "message": "form failed for olga@school.example.ru",
    "request": {
        "url": "https://tosno.example.ru/events/1/register/?email=olga@school.example.ru",
        "method": "POST",
        "data": "first_name=Ольга&last_name=Смирнова&email=olga@school.example.ru",
        "cookies": {"metodika_session": "s3cret"},
        "headers": {"Cookie": "metodika_session=s3cret", "Authorization": "Bearer t0ken"},
        "query_string": "email=olga@school.example.ru",
    },
    "user": {"id": 7, "email": "olga@school.example.ru", "username": "olga", "name": "Ольга Смирнова"},
    "extra": {"guest": {"first_name": "Ольга", "last_name": "Смирнова", "phone": "+7 900 000-00-00"}},
})
sentry_sdk.flush(5)
"""


def test_error_reports_reach_sentry_without_personal_data(sentry_server):
    port, received = sentry_server
    env = production_env(
        DJANGO_SECRET_KEY=a_secret(),
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1",
        SENTRY_ENVIRONMENT="region-test",
    )
    result = run_python("-c", SENTRY_SCRIPT, env=env)
    assert result.returncode == 0, result.stderr
    events = []
    for envelope in received:
        for line in envelope.splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and ("exception" in item or "message" in item):
                events.append(item)
    assert len(events) == 2, received
    sent = json.dumps(events, ensure_ascii=False)
    for personal in ("@school.example.ru", "Иванна", "Ольга", "Смирнова", "s3cret", "t0ken", "+7 900"):
        assert personal not in sent, personal
    exception_event, message_event = sorted(events, key=lambda e: "message" in e)
    assert exception_event["exception"]["values"][0]["type"] == "ValueError"
    assert "no teacher [email]" in exception_event["exception"]["values"][0]["value"]
    assert message_event["request"] == {"url": "https://tosno.example.ru/events/1/register/", "method": "POST"}
    assert message_event["user"] == {"id": 7}
    assert message_event["environment"] == "region-test" and message_event["tags"]["schema"] == "public"
