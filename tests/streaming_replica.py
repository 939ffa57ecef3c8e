"""A real streaming replica for the tests: a private primary cluster and a standby of it.

The system's PostgreSQL allows no replication connections (its ``pg_hba.conf`` has no
``replication`` line), and the tests do not touch its configuration: they make a primary of their
own with ``initdb`` + ``pg_ctl`` on a spare port, copy the session's test database into it
(``pg_dump | pg_restore``: the template and the two test municipalities), and start a hot
standby from ``pg_basebackup -R -X stream`` on another port, streaming from it. Server processes
run as the ``postgres`` OS user when the tests run as root (``initdb`` refuses root).

``replica_databases`` then points Django's ``default`` alias at the private primary and adds the
``replica`` alias (``metodika.replica_backend``) on the standby, as ``REPLICA_DATABASE_URL`` would,
and puts both back afterwards. The clusters are thrown away at the end of the session, so the
tests commit what they make and clean nothing.
"""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
REPLICA = "replica"


def postgres_binaries_missing() -> str:
    """Why the replica cannot be made here, or "" when it can."""
    for name in ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "pg_restore"):
        if not (PG_BIN / name).exists():
            return f"PostgreSQL 15 server binaries are absent ({PG_BIN / name} not found)"
    return ""


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and the server refuse to run as root; as any other user they run as that user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs: Any) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=600, **kwargs)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class StreamingReplica:
    root: Path
    primary_port: int
    standby_port: int
    database: str

    def admin(self, port: int) -> psycopg.Connection[Any]:
        return psycopg.connect(host=HOST, port=port, user="postgres", dbname=self.database, autocommit=True)

    def caught_up(self, timeout: float = 60) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        with self.admin(self.primary_port) as primary:
            row = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        deadline = time.monotonic() + timeout
        with self.admin(self.standby_port) as standby:
            while True:
                done = standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [row[0]]).fetchone()
                if done and done[0]:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError("the standby did not catch up with the primary")
                time.sleep(0.05)

    @contextlib.contextmanager
    def replay_paused(self) -> Iterator[None]:
        """The standby keeps receiving WAL but applies none of it: a replica lagging behind."""
        with self.admin(self.standby_port) as standby:
            standby.execute("SELECT pg_wal_replay_pause()")
            while standby.execute("SELECT pg_get_wal_replay_pause_state()").fetchone() != ("paused",):
                time.sleep(0.05)
            try:
                yield
            finally:
                standby.execute("SELECT pg_wal_replay_resume()")

    @contextlib.contextmanager
    def standby_stopped(self) -> Iterator[None]:
        """The standby shut down (as a crash would: no clean disconnect), started again afterwards."""
        standby_dir = self.root / "standby"
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(standby_dir), "-m", "immediate", "-w", "stop"]))
        try:
            yield
        finally:
            _server_start(standby_dir, self.standby_port, self.root)
            self.caught_up()


def _server_start(data: Path, port: int, root: Path) -> None:
    """Start the cluster in ``data`` on ``port`` (its log beside it in ``root``) and wait for it."""
    log = root / f"{data.name}.log"
    _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", _server_options(port, root),
                       "start"]))  # fmt: skip


def _server_options(port: int, sockets: Path) -> str:
    return (
        f"-p {port} -c listen_addresses={HOST} -c unix_socket_directories={sockets} -c fsync=off "
        "-c shared_buffers=32MB -c max_connections=30 -c max_wal_senders=4 -c wal_level=replica "
        "-c hot_standby=on -c max_locks_per_transaction=256"
    )


@contextlib.contextmanager
def streaming_replica(*, source: dict[str, Any]) -> Iterator[StreamingReplica]:
    """A private primary holding a copy of ``source`` (Django's settings of a database) and a
    streaming standby of it, for the duration of the block."""
    root = Path(tempfile.mkdtemp(prefix="metodika-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary_dir, standby_dir = root / "primary", root / "standby"
    replica = StreamingReplica(root, _free_port(), _free_port(), source["NAME"])
    started: list[Path] = []
    try:
        _run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(primary_dir), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]))  # fmt: skip
        _server_start(primary_dir, replica.primary_port, root)
        started.append(primary_dir)
        target = ["-h", HOST, "-p", str(replica.primary_port), "-U", "postgres"]
        _run([str(PG_BIN / "createdb"), *target, replica.database])
        dump = subprocess.Popen(
            [str(PG_BIN / "pg_dump"), "-h", source["HOST"] or HOST, "-p", str(source["PORT"] or 5432),
             "-U", source["USER"] or "postgres", "-Fc", replica.database],
            stdout=subprocess.PIPE,
            env={**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""},
        )  # fmt: skip
        _run([str(PG_BIN / "pg_restore"), *target, "--no-owner", "-d", replica.database], stdin=dump.stdout)
        assert dump.wait() == 0, "pg_dump of the test database failed"
        _run(_as_postgres([str(PG_BIN / "pg_basebackup"), *target, "-D", str(standby_dir), "-R", "-X", "stream",
                           "--checkpoint=fast", "--no-sync"]))  # fmt: skip
        _server_start(standby_dir, replica.standby_port, root)
        started.append(standby_dir)
        with replica.admin(replica.standby_port) as standby:
            assert standby.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
        with replica.admin(replica.primary_port) as primary:
            streaming = primary.execute("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
            assert streaming.fetchone() == (1,), "the standby is not streaming from the primary"
        yield replica
    finally:
        for data in reversed(started):
            subprocess.run(
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def replica_databases(replica: StreamingReplica) -> Iterator[None]:
    """Django's ``default`` alias on the private primary and a ``replica`` alias on its standby."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    default = connections["default"]
    saved = {key: default.settings_dict[key] for key in ("HOST", "PORT")}
    default.settings_dict.update(HOST=HOST, PORT=str(replica.primary_port))
    replica_settings = {
        **copy.deepcopy(default.settings_dict),
        "PORT": str(replica.standby_port),
        "ENGINE": "metodika.replica_backend",
    }
    connections.settings[REPLICA] = replica_settings
    databases = settings.DATABASES
    settings.DATABASES = {**databases, REPLICA: replica_settings}
    try:
        yield
    finally:
        settings.DATABASES = databases
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        default.close()
        default.settings_dict.update(saved)
