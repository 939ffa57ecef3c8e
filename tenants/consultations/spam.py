"""Spam protection of the consultation form, without a third-party service.

Two measures: a honeypot field people never see (bots fill every field) and a rate limit per
client address and per e-mail, counted in the cache. Cache keys carry the schema (explicitly
here, and again through ``django_tenants.cache.make_key``), so one municipality's visitors never
use up another's allowance.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from tenants.municipalities.schemas import schema_active

HONEYPOT_FIELD = "website"
WINDOW_SECONDS = 3600
PER_ADDRESS = 5  # requests an hour from one address: a school's shared connection, a few teachers
PER_EMAIL = 3  # requests an hour from one e-mail


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int


ADDRESS = RateLimit("ip", PER_ADDRESS)
EMAIL = RateLimit("email", PER_EMAIL)


def _key(limit: RateLimit, value: str) -> str:
    return f"consultations:rate:{schema_active()}:{limit.scope}:{value.strip().lower()}"


def _used(limit: RateLimit, value: str) -> int:
    return int(cache.get(_key(limit, value)) or 0)


def rate_limit_exceeded(*, address: str, email: str) -> bool:
    """Whether another request from this address or e-mail would go over its hourly allowance."""
    return _used(ADDRESS, address) >= ADDRESS.limit or _used(EMAIL, email) >= EMAIL.limit


def rate_limit_count(*, address: str, email: str) -> None:
    """Count one accepted request against the address and the e-mail (the window starts with the first)."""
    for limit, value in ((ADDRESS, address), (EMAIL, email)):
        key = _key(limit, value)
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)
