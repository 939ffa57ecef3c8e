"""Going on without Redis: a circuit breaker per Redis server, with its log lines and counters.

Redis is the cache and the broker here, never the source of truth. When it stops answering, the
cache behaves as an empty cache that keeps nothing (``metodika.redis_cache``) and task sends wait
in the database (``tenants.municipalities.dispatch``); this module decides when to try Redis
again and tells the operator.

After a failure the breaker opens: for ``REDIS_OUTAGE_RETRY_SECONDS`` no call touches the
network (a stopped host behind a firewall would otherwise cost a connect timeout on every call),
then one call tries again; the first success closes it. One process keeps one breaker per
server, shared by its threads. The log says it once per outage (an ERROR when it starts, a
WARNING reminder a minute while it lasts, a WARNING with the totals when Redis is back), and
``outage_counts()`` gives the process's counters.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_RETRY_SECONDS = 5.0
REMIND_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class OutageCounts:
    """What one breaker saw in this process: outages begun, calls that failed on the network,
    and calls served without Redis (failed or not tried while the breaker was open)."""

    outages: int
    failures: int
    without_redis: int
    down: bool


class RedisBreaker:
    """Whether to call one Redis server now; the caller reports how the call went."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._open_until = 0.0  # monotonic; 0 while closed (the only thing a healthy call reads)
        self._down_since: float | None = None
        self._reported_at = 0.0
        self._burst_calls = 0
        self.outages = self.failures = self.without_redis = 0

    def allows(self) -> bool:
        """True while Redis answers, and for one caller each window while it does not."""
        if not self._open_until:
            return True
        now = time.monotonic()
        with self._lock:
            if now < self._open_until:
                self.without_redis += 1
                self._burst_calls += 1
                return False
            self._open_until = now + _retry_seconds()  # this caller tries; the others go on without
            return True

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self.failures += 1
            self.without_redis += 1
            self._burst_calls += 1
            self._open_until = now + _retry_seconds()
            if self._down_since is None:
                self._down_since = self._reported_at = now
                self.outages += 1
                logger.error("%s unavailable, going on without it: %s", self.name, error)
            elif now - self._reported_at >= REMIND_EVERY_SECONDS:
                self._reported_at = now
                logger.warning(
                    "%s still unavailable after %.0f s; %d calls went without it",
                    self.name,
                    now - self._down_since,
                    self._burst_calls,
                )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            if self._down_since is None:
                return
            logger.warning(
                "%s is back after %.1f s; %d calls went without it",
                self.name,
                time.monotonic() - self._down_since,
                self._burst_calls,
            )
            self._down_since, self._open_until, self._burst_calls = None, 0.0, 0

    def counts(self) -> OutageCounts:
        return OutageCounts(self.outages, self.failures, self.without_redis, self._down_since is not None)


def _retry_seconds() -> float:
    return float(getattr(settings, "REDIS_OUTAGE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS))


_BREAKERS: dict[str, RedisBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def redis_breaker(name: str) -> RedisBreaker:
    """The process's breaker for one server (``name`` says which: the role and the address)."""
    breaker = _BREAKERS.get(name)
    if breaker is None:
        with _BREAKERS_LOCK:
            breaker = _BREAKERS.setdefault(name, RedisBreaker(name))
    return breaker


def outage_counts() -> dict[str, OutageCounts]:
    """Every breaker of this process and what it saw, by name."""
    return {name: breaker.counts() for name, breaker in list(_BREAKERS.items())}
