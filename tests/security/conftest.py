"""One world per matrix run: built in a transaction that is rolled back when the module ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import connection, transaction

from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.security.world import World, world_build


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        connection.set_schema_to_public()
        a = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        b = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
        built = world_build(a, b)
        yield built
        transaction.set_rollback(True)
        connection.set_schema_to_public()
    # The page cache and the site chrome's cache keep what the world's pages rendered: rolled-back
    # rows must not reach the tests that follow.
    for alias in ("default", "renditions"):
        caches[alias].clear()
