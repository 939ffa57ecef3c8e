"""The open API under load: one municipality's public events list, served by gunicorn, hammered by wrk.

Runs against a database of its own (``metodika_bench_api``, dropped and recreated at the start,
dropped at the end unless ``--keep``) and Redis database 14, with the site bench's harness and
its gunicorn and wrk plumbing (``site_load``). It provisions a municipality by cloning the
template, gives it 40 public events with registrations, and measures:

* cached: ``GET /api/v1/events/`` (the first page, 50 events with their free seats) as any
  system without a key asks for it: the page cache answers it as it answers pages (target
  ≥ 500 requests/s, and no query on a hit, counted in-process beforehand);
* uncached: the same list with a cookie that makes the page cache step aside, so every request
  goes through the middleware, the operation, the events query and pydantic (informational).

    .venv/bin/python bench/api_load.py --duration 10

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import shutil
import sys
import time
import urllib.request

import harness
import site_load
from harness import say, timed

TARGET_RPS = 500.0
EVENTS = 40
LIST_PATH = "/api/v1/events/"


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_api", redis_db=14)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--server",
        default=f"sync:{cores + 1}:1",
        help="gunicorn set-up, 'class:workers:threads' (default sync, cores + 1)",
    )
    return parser.parse_args()


def municipality_with_events() -> str:
    from django.core.management import call_command
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from tenants.events.services import event_create, registration_add_by_organiser
    from tenants.municipalities.services import municipality_provision

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0)
    municipality = municipality_provision(
        name="Бенчмарк API: муниципалитет",
        short_name="API",
        slug="api-bench",
        contact_email="api@bench.example",
        use_pool=False,
    ).municipality
    with timed(f"{EVENTS} public events with registrations"), tenant_context(municipality):
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
        for index in range(EVENTS):
            starts_at = start + datetime.timedelta(days=index // 3, hours=index % 3)
            event = event_create(
                acting_user=None,
                title=f"Семинар № {index + 1}: функциональная грамотность",
                kind="seminar",
                audience="teachers",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                address="ул. Ленинградская, 46",
                capacity=30,
                is_public=True,
            )
            for person in range(index % 5):
                registration_add_by_organiser(
                    event=event,
                    acting_user=None,
                    full_name=f"Педагог {person}",
                    email=f"p{person}.{index}@bench.example",
                )
    return municipality.default_hostname


def in_process_queries(host: str) -> dict[str, int]:
    """Statements of a miss (the cache emptied first) and of the hit that follows, through the
    whole middleware (Django's test client)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # provisioning's purges settle at once (the bench Redis database is its own)
    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    with CaptureQueriesContext(connection) as miss:
        response = client.get(LIST_PATH)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss", response.headers
    assert len(response.json()["items"]) == EVENTS, "every event on the first page"
    with CaptureQueriesContext(connection) as hit:
        response = client.get(LIST_PATH)
    assert response["X-Page-Cache"] == "hit", response.headers
    return {"miss": len(miss.captured_queries), "hit": len(hit.captured_queries)}


def first_answer(port: int, host: str) -> None:
    """The first request, waited for patiently: a worker's first one loads Django, and on a busy
    machine that takes longer than ``site_load.warm``'s 30 seconds."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{LIST_PATH}", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    with timed("first answer"), urllib.request.urlopen(request, timeout=300) as response:
        if response.status != 200:
            raise SystemExit(f"[bench] {host}{LIST_PATH} answered {response.status}")


def bench(args: argparse.Namespace) -> tuple[list[site_load.LoadResult], dict[str, int]]:
    from django.conf import settings

    host = municipality_with_events()
    queries = in_process_queries(host)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "metodika.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "REGION_DOMAIN": settings.REGION_DOMAIN,
        "PYTHONPATH": os.pathsep.join([str(harness.ROOT), str(harness.ROOT / "platform")]),
    }
    server = site_load.Server.parse(args.server)
    warm_up = argparse.Namespace(**{**vars(args), "duration": 5})
    port = site_load.free_port()
    say(f"gunicorn: {server} on port {port}")
    process = site_load.gunicorn_start(port, env, server)
    try:
        first_answer(port, host)
        # Every worker's first Django request loads the URLconfs (Wagtail, both APIs): a short
        # uncached run first, so that the measured runs do not include it.
        site_load.wrk_run("warm-up", port, [host], [LIST_PATH], site_load.UNCACHED_COOKIE, warm_up)
        time.sleep(1)
        results = [
            site_load.wrk_run("cached list", port, [host], [LIST_PATH], "", args),
            site_load.wrk_run("uncached list", port, [host], [LIST_PATH], site_load.UNCACHED_COOKIE, args),
        ]
    finally:
        site_load.gunicorn_stop(process)
    return results, queries


def report(results: list[site_load.LoadResult], queries: dict[str, int], server: str) -> bool:
    cached = results[0]
    print(f"GET {LIST_PATH} of one municipality ({EVENTS} events, free seats); gunicorn {server}")
    print(f"{'':<16}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'non-2xx':>9}")
    for r in results:
        print(f"{r.label:<16}{r.requests:>10}{r.rps:>10.0f}{r.p50_ms:>9.1f}{r.p99_ms:>9.1f}{r.errors:>8}{r.non2xx:>9}")
    print(f"queries per request: cache hit {queries['hit']}, miss {queries['miss']}")
    print(f"target: cached {cached.rps / TARGET_RPS:.2f}x of {TARGET_RPS:.0f} req/s, 0 queries on a hit")
    ok = cached.rps >= TARGET_RPS and queries["hit"] == 0 and not any(r.errors or r.non2xx for r in results)
    print("OK" if ok else "MISSED")
    return ok


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        say("wrk is not installed: apt-get install wrk (Debian), brew install wrk (macOS)")
        return 1
    ok = harness.run(args, lambda: report(*bench(args), server=args.server))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
