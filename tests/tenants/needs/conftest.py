"""A clean rate-limit counter per test (counters live in Redis, outside the rolled-back transaction)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()
