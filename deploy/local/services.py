"""Make sure PostgreSQL and Redis are reachable for a local run; print the settings to use.

Order of preference for PostgreSQL: DATABASE_URL when set; the machine's server on
127.0.0.1:5432 (started with pg_ctlcluster if installed but stopped); otherwise an embedded
server from the ``pgserver`` package under var/pgdata. Redis: REDIS_URL when set, otherwise
127.0.0.1:6379, started with redis-server if installed but stopped.

Prints ``export NAME=value`` lines for the Makefile to source; messages go to stderr.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = os.environ.get("METODIKA_DB_NAME", "metodika")


def say(message: str) -> None:
    print(f"[services] {message}", file=sys.stderr)


def pg_reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def start_local_postgres() -> None:
    if not shutil.which("pg_ctlcluster"):
        return
    for version_dir in sorted(glob.glob("/etc/postgresql/*")):
        version = Path(version_dir).name
        say(f"starting PostgreSQL {version} with pg_ctlcluster")
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)
        time.sleep(2)


def embedded_postgres() -> str:
    import pgserver

    data = ROOT / "var" / "pgdata"
    data.mkdir(parents=True, exist_ok=True)
    say(f"no PostgreSQL found: starting an embedded one (pgserver) in {data}")
    server = pgserver.get_server(str(data), cleanup_mode=None)
    return server.get_uri()


def ensure_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_postgres() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        if not pg_reachable(url):
            admin = with_database(url, "postgres")
            if not pg_reachable(admin):
                sys.exit(f"[services] DATABASE_URL is set but PostgreSQL does not answer: {url}")
            ensure_database(admin, urlsplit(url).path.lstrip("/"))
        return url
    local_admin = "postgres://postgres@127.0.0.1:5432/postgres"
    if not pg_reachable(local_admin):
        start_local_postgres()
    if pg_reachable(local_admin):
        ensure_database(local_admin, DB_NAME)
        return with_database(local_admin, DB_NAME)
    admin = embedded_postgres()
    ensure_database(admin, DB_NAME)
    parts = urlsplit(admin)
    return urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def ensure_redis() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if redis_reachable(url):
        return url
    if shutil.which("redis-server") and "REDIS_URL" not in os.environ:
        say("starting redis-server")
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=False,
        )
        for _ in range(20):
            if redis_reachable(url):
                return url
            time.sleep(0.25)
    sys.exit(f"[services] Redis does not answer at {url}: install redis-server or set REDIS_URL.")


if __name__ == "__main__":
    database_url = ensure_postgres()
    redis_url = ensure_redis()
    print(f"export DATABASE_URL='{database_url}'")
    print(f"export REDIS_URL='{redis_url}'")
