"""PgBouncer's pool modes against django-tenants' ``search_path`` (deploy/pgbouncer/pgbouncer.ini).

django-tenants sends ``SET search_path`` once per schema switch (``TENANT_LIMIT_SET_CALLS``) and
then trusts the server session to keep it. The tests run Debian's ``pgbouncer`` with the deploy
file (its server address, port and client authentication changed for this machine) and send
exactly those statements from two clients, as two web processes in two municipalities would.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from metodika.settings.environment import REPO_ROOT

DEPLOY_INI = REPO_ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini"
PGBOUNCER = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)

pytestmark = pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer is not installed (apt-get install pgbouncer)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def pgbouncer(*, pool_mode: str, pool_size: int) -> Iterator[int]:
    """The deploy file's PgBouncer in front of the test database; yields its port."""
    settings = connection.settings_dict
    root = Path(tempfile.mkdtemp(prefix="metodika-pgbouncer-"))
    port = _free_port()
    ini = DEPLOY_INI.read_text()
    ini = re.sub(
        r"^metodika = .*$",
        f"metodika = host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} dbname={settings['NAME']}",
        ini,
        flags=re.M,
    )
    overrides = {
        "listen_addr": "127.0.0.1",
        "listen_port": str(port),
        "auth_type": "trust",  # the local server trusts 127.0.0.1; the deploy file's SCRAM needs a password
        "auth_file": str(root / "userlist.txt"),
        "pool_mode": pool_mode,
        "default_pool_size": str(pool_size),
        "unix_socket_dir": str(root),
        "logfile": str(root / "pgbouncer.log"),
    }
    assert re.search(r"^pool_mode = session$", ini, flags=re.M), "the deploy file must pool by session"
    for key, value in overrides.items():
        ini, found = re.subn(rf"^{key} = .*$", f"{key} = {value}", ini, flags=re.M)
        if not found:
            ini = ini.replace("[pgbouncer]\n", f"[pgbouncer]\n{key} = {value}\n")
    (root / "pgbouncer.ini").write_text(ini)
    (root / "userlist.txt").write_text(f'"{settings["USER"] or "postgres"}" ""\n')
    command = [str(PGBOUNCER), str(root / "pgbouncer.ini")]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        for path in root.iterdir():
            shutil.chown(path, "postgres", "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert process.poll() is None and time.monotonic() < deadline, (root / "pgbouncer.log").read_text()
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(root, ignore_errors=True)


def client(port: int) -> psycopg.Connection[Any]:
    user = connection.settings_dict["USER"] or "postgres"
    return psycopg.connect(host="127.0.0.1", port=port, user=user, dbname="metodika", autocommit=True)


def search_path(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SHOW search_path").fetchone()
    assert row is not None
    return str(row[0])


ALPHA, BETA = '"m_test_alpha", "public"', '"m_test_beta", "public"'


@pytest.mark.django_db
def test_transaction_pooling_hands_one_municipality_the_other_s_search_path(muni_a, muni_b):
    with pgbouncer(pool_mode="transaction", pool_size=1) as port, client(port) as a, client(port) as b:
        a.execute(f"SET search_path = {ALPHA}")  # what django-tenants sends once, then trusts
        b.execute(f"SET search_path = {BETA}")
        assert search_path(a) == "m_test_beta, public"  # A's next query would read B's tables


@pytest.mark.django_db
def test_session_pooling_keeps_each_connection_s_search_path_and_resets_it_for_the_next(muni_a, muni_b):
    with pgbouncer(pool_mode="session", pool_size=2) as port:
        with client(port) as a, client(port) as b:
            a.execute(f"SET search_path = {ALPHA}")
            b.execute(f"SET search_path = {BETA}")
            for _ in range(3):  # transaction after transaction, each keeps its own server session
                assert (search_path(a), search_path(b)) == ("m_test_alpha, public", "m_test_beta, public")
        with client(port) as c:  # a server connection A left, reset by DISCARD ALL
            assert search_path(c) == '"$user", public'
