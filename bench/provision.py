"""How long it takes to provision a municipality: by full migrations, by cloning, from the pool.

Runs against a database of its own (``metodika_bench`` next to the one in DATABASE_URL, dropped
and recreated at the start, dropped at the end unless ``--keep``) and a Redis database of its own,
so it never touches development or test data. See bench/README.md for what each path measures.

    make bench                      # or: .venv/bin/python bench/provision.py --runs 7 --keep

Exits non-zero when the target is missed: the pool median under POOL_TARGET_SECONDS and at least
POOL_TARGET_RATIO times faster than full migrations.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/metodika"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
POOL_TARGET_SECONDS = 0.2
POOL_TARGET_RATIO = 30.0

FULL, CLONE, POOL = "full migrations", "clone from template", "spare pool"


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="provisions per path (default 5)")
    parser.add_argument("--database", default="metodika_bench", help="bench database name (dropped and recreated)")
    parser.add_argument("--redis-db", type=int, default=14, help="Redis database number for cache and broker")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def url_with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{path}"))


# --- the bench database, handled with psycopg before Django starts ----------------------------


def database_recreate(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_start(*, database_url: str, redis_url: str) -> None:
    """Point the settings at the bench database and Redis, then set Django up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    # Eager tasks would run the pool refill inside the timed provisioning; see pool_provision().
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "metodika.settings.dev"
    for path in (str(ROOT / "platform"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)

    import django

    django.setup()
    from django.conf import settings

    # Production runs with DEBUG off; the dev settings' debug cursor would add its query log to
    # every timing.
    settings.DEBUG = False
    targets = [
        (settings.DATABASES["default"]["NAME"], urlsplit(database_url).path.lstrip("/")),
        (settings.CELERY_BROKER_URL, redis_url),
        *((cache["LOCATION"], redis_url) for cache in settings.CACHES.values()),
    ]
    for actual, wanted in targets:
        if actual != wanted:
            raise SystemExit(f"[bench] refusing to run: settings point at {actual!r}, not {wanted!r}")


# --- the three paths --------------------------------------------------------------------------


@dataclass
class Timings:
    path: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def municipality_spec(path: str, run: int) -> dict[str, str]:
    kind = {FULL: "full", CLONE: "clone", POOL: "pool"}[path]
    return dict(
        name=f"Бенчмарк: {path}, прогон {run}",
        short_name=f"Бенч {kind} {run}",
        slug=f"bench-{kind}-{run}",
        contact_email=f"{kind}{run}@bench.example",
    )


def schema_by_migrations(name: str) -> None:
    """What django-tenants does without a template, plus the starter site the template carries.

    Each migration commits on its own, as in django-tenants' ``create_schema``: Wagtail's
    migrations cannot share one transaction (pending trigger events block its ALTER TABLEs).
    """
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from cms.home.starter import starter_site_seed

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {connection.ops.quote_name(name)}")
    call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=0)
    with schema_context(name):
        starter_site_seed()


def full_provision(spec: dict[str, str]) -> Any:
    """The schema made by migrations, then the rest of municipality_provision.

    The migrated schema is made under a scratch name and renamed in where the service would clone
    the template, so everything else (checks, the municipality row, domains, site, role groups,
    audit) is the same code in the same transaction: the difference is the cost of the schema.
    """
    from tenants.municipalities import schemas
    from tenants.municipalities.services import municipality_provision

    scratch = f"bench_migrated_{spec['slug'].replace('-', '_')}"
    schema_by_migrations(scratch)

    def rename_migrated(*, source: str, target: str) -> None:
        schemas.schema_rename(old=scratch, new=target)

    with mock.patch.object(schemas, "schema_clone", rename_migrated):
        return municipality_provision(use_pool=False, **spec)


def clone_provision(spec: dict[str, str]) -> Any:
    from tenants.municipalities.services import municipality_provision

    return municipality_provision(use_pool=False, **spec)


def pool_provision(spec: dict[str, str]) -> Any:
    # The provisioning sends spare_pool_refill_task to the bench Redis on commit. It is timed:
    # a real provisioning pays for that round trip too (about a millisecond). Nothing consumes
    # the bench Redis database, so the refill does not run behind the timing; the queue is purged
    # at the end.
    from tenants.municipalities.services import municipality_provision

    return municipality_provision(use_pool=True, **spec)


EXPECTED_SOURCE = {FULL: "clone", CLONE: "clone", POOL: "pool"}
PROVISIONERS: dict[str, Callable[[dict[str, str]], Any]] = {
    FULL: full_provision,
    CLONE: clone_provision,
    POOL: pool_provision,
}


def pool_refill() -> None:
    from django.conf import settings

    from tenants.municipalities import schemas

    schemas.spare_pool_refill(size=max(1, settings.SPARE_POOL_SIZE))


def provision_timed(path: str, spec: dict[str, str]) -> float:
    """Provision once and check the result is a usable municipality; returns the seconds taken."""
    from django.db import connection
    from django_tenants.utils import schema_context
    from wagtail.models import Site

    if path == POOL:
        pool_refill()  # not timed
    connection.set_schema_to_public()
    started = time.perf_counter()
    result = PROVISIONERS[path](spec)
    seconds = time.perf_counter() - started

    municipality = result.municipality
    if not result.created or result.source != EXPECTED_SOURCE[path]:
        raise SystemExit(f"[bench] {path}: expected a new {EXPECTED_SOURCE[path]!r} schema, got {result}")
    with schema_context(municipality.schema_name):
        site = Site.objects.select_related("root_page").get(is_default_site=True)
        if site.hostname != municipality.default_hostname or site.root_page.title != municipality.short_name:
            raise SystemExit(f"[bench] {path}: the site of {municipality.schema_name} was not configured")
    return seconds


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    say(f"{label}: {time.perf_counter() - started:.1f} s")


def bench(runs: int) -> dict[str, Timings]:
    from django.core.management import call_command

    with timed("region_migrate (public, template)"):
        call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
    with timed("warm-up (one clone, one pool provisioning, not counted)"):
        provision_timed(CLONE, {**municipality_spec(CLONE, 0), "slug": "bench-warmup-clone"})
        provision_timed(POOL, {**municipality_spec(POOL, 0), "slug": "bench-warmup-pool"})

    timings = {path: Timings(path) for path in (FULL, CLONE, POOL)}
    # Interleaved, so that drift (a growing catalogue, a busy neighbour) hits every path alike.
    for run in range(1, runs + 1):
        for path in timings:
            seconds = provision_timed(path, municipality_spec(path, run))
            timings[path].seconds.append(seconds)
            say(f"run {run}/{runs} {path}: {seconds:.3f} s")
    return timings


def report(timings: dict[str, Timings]) -> bool:
    print()
    print(f"{'path':<22}{'runs':>5}{'median s':>11}{'min s':>10}{'max s':>10}")
    for t in timings.values():
        print(f"{t.path:<22}{len(t.seconds):>5}{t.median:>11.3f}{min(t.seconds):>10.3f}{max(t.seconds):>10.3f}")
    full, clone, pool = (timings[p].median for p in (FULL, CLONE, POOL))
    print()
    print(f"full/clone {full / clone:.1f}x   full/pool {full / pool:.1f}x   clone/pool {clone / pool:.1f}x  (medians)")
    passed = pool < POOL_TARGET_SECONDS and full / pool >= POOL_TARGET_RATIO
    print(
        f"target: pool median < {POOL_TARGET_SECONDS:.3f} s and full/pool >= {POOL_TARGET_RATIO:.0f}x: "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return passed


def celery_queue_purge() -> None:
    from metodika.celery import app

    purged = app.control.purge()
    say(f"purged {purged} unconsumed task message(s) from the bench Redis")


def main() -> int:
    args = parse_args()
    base_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if urlsplit(base_url).path.lstrip("/") == args.database:
        raise SystemExit(f"[bench] DATABASE_URL already names {args.database!r}; refusing to drop it")
    admin_url = url_with_path(base_url, "postgres")
    database_url = url_with_path(base_url, args.database)
    redis_url = url_with_path(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL), str(args.redis_db))

    say(f"recreating database {args.database}; Redis database {args.redis_db}")
    database_recreate(admin_url, args.database)
    try:
        django_start(database_url=database_url, redis_url=redis_url)
        timings = bench(args.runs)
        celery_queue_purge()
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            say(f"kept database {args.database}")
        else:
            database_drop(admin_url, args.database)
    return 0 if report(timings) else 1


if __name__ == "__main__":
    sys.exit(main())
