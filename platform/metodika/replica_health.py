"""Whether the streaming replica may serve reads now: it answers, and it is not too far behind.

The replica is an optimisation, never the only way to a page: when it is down, or replays more
than ``REPLICA_MAX_LAG_SECONDS`` behind the primary, the reads it would have served go to the
primary (``metodika.replica_reads``) and the page renders as without a replica. Each process asks
the replica at most once every ``REPLICA_CHECK_SECONDS`` (one statement; connecting waits at most
``REPLICA_CONNECT_TIMEOUT`` seconds), so a replica that went away costs one failed connection per
process and interval, not one per request; a read that fails on the replica in the middle of a
request marks it down at once (the middleware then serves that request again from the primary).

The lag is the standby's own measure: nothing waiting to be replayed, or else the age of the last
transaction it replayed. Each change of state is logged once (``metodika.replica``); the requests
served by the primary in the replica's place are counted (``metodika_replica_fallbacks_total``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from prometheus_client import Counter

REPLICA = "replica"  # the alias settings.database gives the replica
logger = logging.getLogger("metodika.replica")

FALLBACKS = Counter(
    "metodika_replica_fallbacks",
    "Requests whose reads the primary served because the replica was down or too far behind.",
    ["reason"],
)

# Seconds the standby is behind: 0 when it has replayed everything it received.
LAG_SQL = """
SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 END
"""


@dataclass
class ReplicaState:
    usable: bool = True
    reason: str = ""  # why not, when not: "down" or "lagging"
    checked_at: float = -math.inf


_state = ReplicaState()
_lock = threading.Lock()


def replica_usable() -> bool:
    """Whether reads may go to the replica now; asks it when the last answer is too old."""
    with _lock:
        fresh = time.monotonic() - _state.checked_at < settings.REPLICA_CHECK_SECONDS
        usable, reason = _state.usable, _state.reason
    if not fresh:
        usable, reason = _replica_check()
        _record(usable, reason)
    if not usable:
        FALLBACKS.labels(reason=reason).inc()
    return usable


def replica_failed(error: Exception) -> None:
    """A read on the replica failed: the primary serves until the next check finds it back."""
    _connection_drop()
    _record(False, "down", detail=str(error).splitlines()[0] if str(error) else type(error).__name__)
    FALLBACKS.labels(reason="down").inc()


def replica_state_forget() -> None:
    """Ask the replica again on the next read (after a test changed it, say)."""
    with _lock:
        _state.usable, _state.reason, _state.checked_at = True, "", -math.inf


def _replica_check() -> tuple[bool, str]:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as error:
        _connection_drop()
        logger.debug("replica check failed: %s", error)
        return False, "down"
    lag = float(row[0]) if row else 0.0
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return False, "lagging"
    return True, ""


def _connection_drop() -> None:
    with contextlib.suppress(DatabaseError):  # closing a connection whose server went away
        connections[REPLICA].close()


def _record(usable: bool, reason: str, *, detail: str = "") -> None:
    with _lock:
        changed = (usable, reason) != (_state.usable, _state.reason)
        _state.usable, _state.reason, _state.checked_at = usable, reason, time.monotonic()
    if not changed:
        return
    if usable:
        logger.warning("the replica serves the region's reads again")
    elif reason == "lagging":
        logger.warning(
            "the replica is more than %s s behind: the primary serves its reads", settings.REPLICA_MAX_LAG_SECONDS
        )
    else:
        logger.warning("the replica does not answer (%s): the primary serves its reads", detail or "connection failed")
