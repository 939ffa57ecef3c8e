"""Two web nodes behind nginx, sharing nothing but PostgreSQL, Redis and the S3 bucket.

Debian's nginx runs ``deploy/nginx/metodika.conf.template`` in front of two gunicorn processes
(their own ports, their own empty media folders, ``MEDIA_X_ACCEL`` on), and moto serves the
bucket. Shown: pages from both nodes, a session made on one valid on the other, a private upload
made through one node read through the other and through nginx (``X-Accel-Redirect`` to a
presigned GET), refused to a visitor, nginx's internal locations closed to the outside, and the
microcache answering anonymous pages only.

The nodes read the test database, so what they must see is committed here and removed at the end.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant, user_get_or_create
from tenants.municipalities.models import Municipality
from tenants.sample_documents import pdf_bytes
from tests.conftest import TEST_MUNICIPALITIES
from tests.nginx_front import nginx_available, nginx_running
from tests.s3_server import S3Server, free_port, wait_for_port

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not nginx_available(), reason="nginx is not installed (.ci/run installs nginx-light)"),
]

REPO = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Stack:
    alpha: Municipality
    host: str
    nginx: str
    nodes: list[str]
    logs: list[Path]
    staff_cookie: str
    server: S3Server
    bucket: str


def _gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [
            str(gunicorn),
            "metodika.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--access-logfile",
            str(log),
            "--error-logfile",
            str(log.with_suffix(".err")),
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )


@pytest.fixture
def stack(django_db_setup: None, django_db_blocker: Any, s3_server: S3Server, tmp_path: Path) -> Iterator[Stack]:
    from allauth.account.models import EmailAddress
    from wagtail.models import ModelLogEntry

    from audit.models import AuditEntry
    from tenants.registry.models import DocumentVersion

    bucket = f"nodes-{secrets.token_hex(4)}"
    s3_server.client().create_bucket(Bucket=bucket)
    with django_db_blocker.unblock():
        since = datetime.datetime.now(tz=datetime.UTC)
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        staff, _ = user_get_or_create(email="two-nodes-staff@example.test", first_name="Нина")
        role_grant(user=staff, role=Role.METHODOLOGIST, municipality=alpha, acting_user=None)
        login = Client(HTTP_HOST=alpha.default_hostname)
        login.force_login(staff)  # a session row in the shared database
        staff_cookie = login.cookies[settings.SESSION_COOKIE_NAME].value
        with tenant_context(alpha):
            versions_before = set(DocumentVersion.objects.values_list("pk", flat=True))
        connection.set_schema_to_public()

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "metodika.settings.test",
            "DATABASE_URL": _database_url(),
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")]),
            "MEDIA_X_ACCEL": "/_protected/",
            "TRUSTED_PROXY_COUNT": "1",
            **s3_server.environment(bucket),
        }
        ports = [free_port(), free_port()]
        logs = [tmp_path / f"node{n}.log" for n in (1, 2)]
        processes = []
        try:
            for port, log in zip(ports, logs, strict=True):
                # Each node its own (empty) media folder: nothing is shared on disk.
                node_env = {**env, "METODIKA_VAR_DIR": str(tmp_path / f"var-{port}")}
                processes.append(_gunicorn(port, node_env, log))
            for port in ports:
                wait_for_port(port, timeout=90)
            nginx_port = free_port()
            s3_upstream = s3_server.endpoint_url.removeprefix("http://")
            with nginx_running(
                tmp_path / "nginx",
                port=nginx_port,
                web_ports=ports,
                region_domain="lenobl.localhost",
                media_root=tmp_path / "no-media",
                media_s3_upstream=s3_upstream,
            ):
                yield Stack(
                    alpha=alpha,
                    host=alpha.default_hostname,
                    nginx=f"http://127.0.0.1:{nginx_port}",
                    nodes=[f"http://127.0.0.1:{port}" for port in ports],
                    logs=logs,
                    staff_cookie=staff_cookie,
                    server=s3_server,
                    bucket=bucket,
                )
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)
            with tenant_context(alpha):
                DocumentVersion.objects.exclude(pk__in=versions_before).delete()
                ModelLogEntry.objects.filter(timestamp__gte=since).delete()
            connection.set_schema_to_public()
            AuditEntry.objects.filter(created_at__gte=since)._raw_delete(connection.alias)
            from django.contrib.sessions.models import Session

            Session.objects.filter(session_key=staff_cookie).delete()
            User.groups.through.objects.filter(user_id=staff.pk)._raw_delete(connection.alias)
            EmailAddress.objects.filter(user_id=staff.pk)._raw_delete(connection.alias)
            User.objects.filter(pk=staff.pk)._raw_delete(connection.alias)


def _get(base: str, stack: Stack, path: str, *, staff: bool = False, **kwargs: Any) -> requests.Response:
    headers = {"Host": stack.host, **kwargs.pop("headers", {})}
    if staff:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={stack.staff_cookie}"
    return requests.get(base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs)


def _upload_through(node: str, stack: Stack, content: bytes) -> None:
    """A non-public register version, uploaded through the admin form of ``node``."""
    from tenants.registry.models import DocumentKind, VersionStatus

    with tenant_context(stack.alpha):
        kind = DocumentKind.objects.get(code="tripartite-agreement")
    connection.set_schema_to_public()
    session = requests.Session()
    cookie = f"{settings.SESSION_COOKIE_NAME}={stack.staff_cookie}"
    form = session.get(
        f"{node}/admin/registry/versions/new/", headers={"Host": stack.host, "Cookie": cookie}, timeout=30
    )
    assert form.status_code == 200, form.text[-2000:]
    # The CSRF secret is in the session (CSRF_USE_SESSIONS), read by whichever node answers.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{node}/admin/registry/versions/new/",
        headers={"Host": stack.host, "Cookie": cookie},
        data={
            "csrfmiddlewaretoken": token,
            "kind": kind.pk,
            "title": "two-nodes-secret",
            "status": VersionStatus.IN_FORCE,
            "approved_on": "2025-08-28",
            "order_number": "7",
            "order_date": "2025-08-27",
        },
        files={"file": ("secret.pdf", content, "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, answer.text[-3000:]


def _served_by(log: Path, path: str) -> int:
    return sum(1 for line in log.read_text().splitlines() if f'"GET {path} ' in line)


def test_two_nodes_behind_nginx_share_sessions_uploads_and_pages(stack: Stack):
    from tenants.registry.models import DocumentVersion

    # Pages from both nodes, directly and through nginx; the staff session of one is valid on both.
    for node in stack.nodes:
        page = _get(node, stack, "/")
        assert page.status_code == 200 and "Округ А" in page.text
        admin = _get(node, stack, "/admin/", staff=True)
        assert admin.status_code == 200, admin.headers.get("Location")
        assert _get(node, stack, "/admin/").status_code == 302  # and no session, no admin
    for _ in range(6):
        assert _get(stack.nginx, stack, "/admin/", staff=True).status_code == 200
    assert all(_served_by(log, "/admin/") >= 2 for log in stack.logs), "nginx used one node only"

    # An upload through node 1, read through node 2 (it hands the bucket's key to nginx) and nginx.
    secret = pdf_bytes("two nodes secret")
    _upload_through(stack.nodes[0], stack, secret)
    with tenant_context(stack.alpha):
        version = DocumentVersion.objects.get(title="two-nodes-secret")
        key = f"{stack.alpha.schema_name}/{version.file.name}"
    connection.set_schema_to_public()
    assert key in stack.server.keys(stack.bucket)
    url = f"/admin/registry/files/{version.pk}/"
    handed = _get(stack.nodes[1], stack, url, staff=True)
    assert handed.status_code == 200 and handed.content == b""
    assert handed.headers["X-Accel-Redirect"].startswith(f"/_protected/s3/{stack.bucket}/{key}?")
    for _ in range(2):  # whichever node nginx picks
        served = _get(stack.nginx, stack, url, staff=True)
        assert served.status_code == 200 and served.content == secret
        assert served.headers["Content-Type"] == "application/pdf"
        assert served.headers["X-Content-Type-Options"] == "nosniff"

    # Refused to a visitor; nginx's internal locations are not reachable from outside.
    visitor = _get(stack.nginx, stack, url)
    assert visitor.status_code == 302 and "/accounts/login/" in visitor.headers["Location"]
    assert secret not in visitor.content
    assert _get(stack.nginx, stack, handed.headers["X-Accel-Redirect"]).status_code == 404
    assert _get(stack.nginx, stack, f"/_protected/files/{stack.alpha.schema_name}/x").status_code == 404

    # The microcache: anonymous pages only, bypassed with a session, never for the admin.
    first = _get(stack.nginx, stack, "/kontakty/")
    assert first.status_code == 200 and first.headers["X-Proxy-Cache"] in ("MISS", "EXPIRED")
    again = _get(stack.nginx, stack, "/kontakty/")
    assert again.headers["X-Proxy-Cache"] == "HIT" and again.content == first.content
    assert _get(stack.nginx, stack, "/kontakty/", staff=True).headers["X-Proxy-Cache"] == "BYPASS"
    other_mode = _get(stack.nginx, stack, "/kontakty/", headers={"Cookie": "metodika_vision=large"})
    assert other_mode.headers["X-Proxy-Cache"] != "HIT"  # the low-vision cookie is in the key
    for _ in range(2):
        assert _get(stack.nginx, stack, "/admin/", staff=True).headers["X-Proxy-Cache"] == "BYPASS"
        assert _get(stack.nginx, stack, "/accounts/login/").headers["X-Proxy-Cache"] != "HIT"

    # Probes through nginx, any host.
    assert requests.get(stack.nginx + "/healthz", headers={"Host": "10.0.0.1"}, timeout=10).text == "ok\n"
    assert requests.get(stack.nginx + "/readyz", headers={"Host": "10.0.0.1"}, timeout=10).status_code == 200
