"""Fixtures for the public sites' tests: the site's home page, and the caches switched on.

Inside a test the connection is in the test case's transaction, where the page and host caches
refuse to store (what was read may roll back). Tests of the caches themselves let them store,
and forget everything they stored afterwards, so no other test sees a page of this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from tenants.municipalities.models import Municipality


@pytest.fixture
def site_home() -> Callable[[Municipality], Page]:
    def home(municipality: Municipality) -> Page:
        with tenant_context(municipality):
            return Site.objects.get(is_default_site=True).root_page.specific

    return home


@pytest.fixture
def publish() -> Callable[..., Page]:
    """Add a page under ``parent`` in ``municipality`` and publish it through a revision."""

    def add(municipality: Municipality, parent: Page, page: Page) -> Page:
        with tenant_context(municipality):
            parent = Page.objects.get(pk=parent.pk)
            parent.add_child(instance=page)
            page.save_revision().publish()
            return page

    return add


@pytest.fixture
def caches_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let the page and host caches store inside the test's transaction; wipe them after."""
    import cms.base.page_cache as page_cache
    import tenants.municipalities.middleware as middleware

    class _Connection:
        def __getattr__(self, name: str) -> Any:
            from django.db import connection

            return False if name == "in_atomic_block" else getattr(connection, name)

    monkeypatch.setattr(page_cache, "reads_are_committed", lambda: True)
    monkeypatch.setattr(middleware, "connection", _Connection())
    cache.clear()
    yield
    cache.clear()
