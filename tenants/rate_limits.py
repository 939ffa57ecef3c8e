"""Rate limits of the public forms that send e-mail to an address the visitor typed.

The consultation request form and a guest's event registration both send a letter from the
municipality's official address; unlimited, they are a mail relay. Each counts a request against
a few limits (per client address, per e-mail, per event...), in fixed windows kept in the cache.

Counting is "increment, then compare", never "read, then write": each request INCRs the counter
(the first one also gives it the window as its lifetime, ``EXPIRE … NX``, in the same round trip)
and compares the number it got back, so fifteen requests at once get fifteen different numbers
and only the allowed ones go through.
Every attempt counts, refused ones included, and the limits are taken in the order given and the
first one over stops the count: a flooder refused by its address does not use up the event's
allowance of everyone else.

Keys carry the schema (explicitly here, and again through ``django_tenants.cache.make_key``), so
one municipality's visitors never use up another's allowance, and the counted value is hashed:
no e-mail address or client address is kept in a cache key.

When the cache cannot count (Redis down or unreachable) the limiter fails closed: the request is
refused with a Russian "try again in a few minutes" and the form keeps what was typed (answered
503). These forms send e-mail to whatever address is typed; without a counter they would be the
open relay the limits exist to prevent, and refusing a form for a few minutes costs far less.
Nothing else on the page depends on the counter.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.municipalities.schemas import schema_active

logger = logging.getLogger(__name__)

HOUR = 3600

EXCEEDED_CODE = "rate_limit"
UNAVAILABLE_CODE = "rate_limit_unavailable"
UNAVAILABLE_MESSAGE = _(
    "Сейчас не получается принять форму: сервис временно перегружен. Попробуйте ещё раз через несколько минут — "
    "введённые данные сохранены на этой странице."
)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` requests per ``window`` seconds for one value of ``name`` (an address, an e-mail...)."""

    name: str  # "consultations:address"
    limit: int
    window: int = HOUR


class RateLimitRefused(Exception):
    """The request is not to be served: over a limit, or the limits cannot be counted."""


class RateLimitExceeded(RateLimitRefused):
    def __init__(self, limit: RateLimit) -> None:
        super().__init__(limit.name)
        self.limit = limit


class RateLimiterUnavailable(RateLimitRefused):
    """The cache did not count the request (fail closed)."""


def rate_limit_key(limit: RateLimit, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{schema_active()}:{limit.name}:{digest}"


def _count(key: str, window: int) -> int:
    """One more request in the window of ``key``: the number it is (atomic in Redis).

    The cache backend (``metodika.redis_cache.RedisCache``) INCRs and sets the window's lifetime
    in one round trip, and raises while Redis is down — where ``add`` would say it stored and
    every request would count as the first.
    """
    return int(cache.count_in_window(key, window))  # type: ignore[attr-defined]


def rate_limits_hit(hits: Iterable[tuple[RateLimit, str]]) -> None:
    """Count one request against each (limit, value) in order; raise if one is over or counting fails."""
    for limit, value in hits:
        try:
            count = _count(rate_limit_key(limit, value), limit.window)
        except Exception as error:  # whatever the cache raises, there is no count to trust
            logger.warning("rate limit %s not counted, request refused: %r", limit.name, error)
            raise RateLimiterUnavailable(limit.name) from error
        if count > limit.limit:
            logger.info("rate limit %s exceeded (%d in %ds)", limit.name, count, limit.window)
            raise RateLimitExceeded(limit)


def rate_limits_check_form(form: Any, hits: Iterable[tuple[RateLimit, str]], *, exceeded_message: Any) -> bool:
    """Count a valid form's request; if refused, say why on the form (what was typed stays) and return False."""
    try:
        rate_limits_hit(hits)
    except RateLimitExceeded:
        form.add_error(None, ValidationError(exceeded_message, code=EXCEEDED_CODE))
        return False
    except RateLimiterUnavailable:
        form.add_error(None, ValidationError(UNAVAILABLE_MESSAGE, code=UNAVAILABLE_CODE))
        return False
    return True


def form_error_status(form: Any) -> int:
    """The status of a form answered with errors: 429 over a limit, 503 when limits can't be counted, else 400."""
    if form.has_error(NON_FIELD_ERRORS, EXCEEDED_CODE):
        return 429
    if form.has_error(NON_FIELD_ERRORS, UNAVAILABLE_CODE):
        return 503
    return 400
