"""Real Chromium against a live server, with committed data.

pytest-django's ``live_server`` needs ``transactional_db``, whose flush would empty the public
schema's municipality registry that the session fixtures provisioned. Instead the server here
runs the real WSGI stack in a thread of this process, on the test database, and the data it
must see is committed by the tests' own fixtures and deleted by them at teardown.

Playwright's sync API keeps an asyncio loop running in the main thread while a browser is
open, and Django refuses ORM calls from such a thread; committed data is therefore written and
removed from a plain worker thread (:func:`outside_the_browser_loop`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import QuietWSGIRequestHandler
from django.test.utils import override_settings
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import role_grant
from audit.models import AuditEntry
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.factories import UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
T = TypeVar("T")


def outside_the_browser_loop(work: Callable[[], T]) -> T:
    """Run ORM work in a plain thread (autocommit, its own connection, closed afterwards)."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@dataclass(frozen=True)
class LiveSite:
    """The running server: every host of the region answers on the same port."""

    port: int

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="module")
def live_site(django_db_setup: None, django_db_blocker: Any) -> Iterator[LiveSite]:
    """The full WSGI stack (tenant routing, WhiteNoise for static files) on a free local port."""
    with django_db_blocker.unblock():
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False)
        server.set_app(WSGIHandler())
        thread = threading.Thread(target=server.serve_forever, name="live-site", daemon=True)
        thread.start()
        port = server.server_address[1]
        # Links between hosts (the cabinet's "admin" link) are built with SITE_PORT.
        with override_settings(SITE_PORT=str(port)):
            try:
                yield LiveSite(port=port)
            finally:
                server.shutdown()
                server.server_close()
                thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_municipalities(live_site: LiveSite) -> dict[str, Municipality]:
    """The session's test municipalities by key ("a", "b"), read from the committed registry."""
    return outside_the_browser_loop(
        lambda: {key: Municipality.objects.get(slug=spec["slug"]) for key, spec in TEST_MUNICIPALITIES.items()}
    )


@pytest.fixture(scope="module")
def committed_user(live_site: LiveSite) -> Iterator[Callable[..., User]]:
    """Make committed users holding a role; they, their sessions and audit rows go at teardown."""
    made: list[tuple[User, str]] = []

    def make(role: str, municipality: Municipality, **fields: Any) -> User:
        fields.setdefault("email", f"browser-{uuid.uuid4().hex[:10]}@example.test")

        def create() -> User:
            user = UserFactory(**fields)
            role_grant(user=user, role=role, municipality=municipality, acting_user=None)
            return User.objects.get(pk=user.pk)

        user = outside_the_browser_loop(create)
        made.append((user, municipality.schema_name))
        return user

    yield make

    def delete() -> None:
        for user, schema_name in made:
            for session in Session.objects.all():
                if session.get_decoded().get("_auth_user_id") == str(user.pk):
                    session.delete()
            AuditEntry.objects.filter(target=user.email).delete()
            # Inside the municipality's schema the collector also reaches Wagtail's per-user
            # rows (the admin creates a profile on the first visit); public has no such tables.
            with schema_context(schema_name):
                User.objects.filter(pk=user.pk).delete()

    outside_the_browser_loop(delete)


@pytest.fixture(scope="module")
def chromium(live_site: LiveSite) -> Iterator[Any]:
    """One headless Chromium (the Debian package, no downloads) for the module."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def staff_scene(live_site: LiveSite) -> Iterator[Any]:
    """The staff walk's municipality, filled from the demo (:mod:`tests.browser.staff_scene`), for a
    module of the walk (:mod:`tests.browser.staff_walk`); removed at its end."""
    from tests.browser.staff_scene import scene_build, scene_remove

    scene = outside_the_browser_loop(scene_build)
    try:
        yield scene
    finally:
        outside_the_browser_loop(scene_remove)


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) with a Russian-speaking user's language."""
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
