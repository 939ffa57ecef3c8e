"""The shared rate limiter: atomic under concurrency, windows that end, keys by schema, fail closed."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.rate_limits import (
    RateLimit,
    RateLimiterUnavailable,
    RateLimitExceeded,
    rate_limit_key,
    rate_limits_hit,
)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_concurrent_requests_get_exactly_the_allowance():
    """Increment, then compare: twenty requests at once, five allowed, never six."""
    limit = RateLimit("test:burst", 5)
    allowed, refused = [], []
    start = threading.Barrier(20)

    def one_request() -> None:
        start.wait()
        try:
            rate_limits_hit([(limit, "198.51.100.1")])
        except RateLimitExceeded:
            refused.append(1)
        else:
            allowed.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_request) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 5 and len(refused) == 15


def test_the_window_ends_and_every_counter_expires():
    limit = RateLimit("test:window", 2, window=1)
    rate_limits_hit([(limit, "a@example.test")])
    rate_limits_hit([(limit, "A@Example.test ")])  # the same value, as typed differently
    with pytest.raises(RateLimitExceeded):
        rate_limits_hit([(limit, "a@example.test")])
    redis = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    stored = cache.make_key(rate_limit_key(limit, "a@example.test"))
    assert 0 < redis.ttl(stored) <= 1  # no counter lives for ever
    assert "example" not in stored  # the value is hashed: no address in a cache key
    time.sleep(1.1)
    rate_limits_hit([(limit, "a@example.test")])


def test_the_first_limit_over_stops_the_count(muni_a, muni_b):
    per_address, per_event = RateLimit("test:address", 1), RateLimit("test:event", 3)
    with tenant_context(muni_a):
        rate_limits_hit([(per_address, "10.0.0.1"), (per_event, "7")])
        for _ in range(5):
            with pytest.raises(RateLimitExceeded) as refused:
                rate_limits_hit([(per_address, "10.0.0.1"), (per_event, "7")])
            assert refused.value.limit == per_address
        rate_limits_hit([(per_address, "10.0.0.2"), (per_event, "7")])  # the event's allowance is intact
        assert rate_limit_key(per_event, "7").startswith(f"ratelimit:{muni_a.schema_name}:")
    with tenant_context(muni_b):
        rate_limits_hit([(per_address, "10.0.0.1"), (per_event, "7")])  # another municipality, its own counters


def test_an_unreachable_cache_refuses_rather_than_lets_through(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    with pytest.raises(RateLimiterUnavailable):
        rate_limits_hit([(RateLimit("test:down", 100), "10.0.0.1")])
