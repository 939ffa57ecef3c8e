"""What every benchmark shares: a database and a Redis database of its own, Django started on them.

A package rather than ``bench/harness.py``, so that ``make bench`` (every ``bench/*.py``) does not
run it as a benchmark. The scripts run as ``python bench/<name>.py``, which puts ``bench/`` on
``sys.path``: ``import harness`` finds it.

    def main() -> int:
        args = harness.arguments_parser(__doc__, database="metodika_bench_x", redis_db=13).parse_args()
        timings = harness.run(args, lambda: bench(args))
        return 0 if report(timings) else 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/metodika"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

T = TypeVar("T")


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    say(f"{label}: {time.perf_counter() - started:.1f} s")


def arguments_parser(description: str | None, *, database: str, redis_db: int) -> argparse.ArgumentParser:
    """A parser with ``--database``, ``--redis-db`` and ``--keep``; the script adds its own options."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_argument_group("where it runs")
    where.add_argument("--database", default=database, help="bench database (dropped and recreated)")
    where.add_argument("--redis-db", type=int, default=redis_db, help="Redis database number for cache and broker")
    where.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    where.add_argument(
        "--reuse",
        action="store_true",
        help="use the database a run with --keep left (skips building it; implies --keep)",
    )
    return parser


def url_with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{path}"))


# --- the bench database, handled with psycopg before Django starts ----------------------------


def database_recreate(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(admin_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def database_drop(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_start(*, database_url: str, redis_url: str) -> None:
    """Point the settings at the bench database and Redis, then set Django up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    # Eager tasks would run inside the timings: the pool refill a provisioning sends on commit.
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


def celery_queue_purge() -> None:
    """Drop the task messages sent to the bench Redis (pool refills): no worker reads it."""
    from metodika.celery import app

    purged = app.control.purge()
    say(f"purged {purged} unconsumed task message(s) from the bench Redis")


def run(args: argparse.Namespace, bench: Callable[[], T]) -> T:
    """Recreate the bench database, start Django on it, run ``bench``; drop the database unless ``--keep``."""
    base_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if urlsplit(base_url).path.lstrip("/") == args.database:
        raise SystemExit(f"[bench] DATABASE_URL already names {args.database!r}; refusing to drop it")
    admin_url = url_with_path(base_url, "postgres")
    database_url = url_with_path(base_url, args.database)
    redis_url = url_with_path(os.environ.get("REDIS_URL", DEFAULT_REDIS_URL), str(args.redis_db))

    # ``args.reused`` tells the bench to skip building what the kept database already holds.
    args.reused = bool(getattr(args, "reuse", False)) and database_exists(admin_url, args.database)
    if args.reused:
        args.keep = True
        say(f"reusing database {args.database}; Redis database {args.redis_db}")
    else:
        say(f"recreating database {args.database}; Redis database {args.redis_db}")
        database_recreate(admin_url, args.database)
    try:
        django_start(database_url=database_url, redis_url=redis_url)
        result = bench()
        celery_queue_purge()
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            say(f"kept database {args.database}")
        else:
            database_drop(admin_url, args.database)
    return result


def seconds_table(heading: str, rows: Iterable[tuple[str, Sequence[float]]]) -> None:
    """Print runs, median, min and max seconds of each row, to stdout."""
    print(f"{heading:<22}{'runs':>5}{'median s':>11}{'min s':>10}{'max s':>10}")
    for label, seconds in rows:
        median = statistics.median(seconds)
        print(f"{label:<22}{len(seconds):>5}{median:>11.3f}{min(seconds):>10.3f}{max(seconds):>10.3f}")
