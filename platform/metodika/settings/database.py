"""The databases: the primary (``default``) and, when ``REPLICA_DATABASE_URL`` is set, a streaming
replica (``replica``) that the region's own reads go to.

What reads the replica (``metodika.replica_reads``): GET and HEAD requests on the region host to the
views named below, outside any transaction, for anyone not pinned to the primary (a browser that
sent a POST in the last ``REPLICA_PIN_SECONDS``), until the request's first write. Everything else
— the municipalities' sites and admins, writes, Celery, commands — uses the primary.
"""

from __future__ import annotations

from typing import Any

import dj_database_url

from metodika.settings.environment import ENV

REPLICA_DATABASE_ALIAS = "replica"


def databases(
    *, url: str, replica_url: str, conn_max_age: int, replica_connect_timeout: int = 2
) -> dict[str, dict[str, Any]]:
    """``DATABASES``: the primary, and the replica when a URL names one."""
    primary = {
        **dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True),
        # django-tenants' backend, its table list narrowed to the search path's schemas.
        "ENGINE": "metodika.database_backend",
    }
    result: dict[str, dict[str, Any]] = {"default": primary}
    if replica_url:
        replica = dj_database_url.parse(replica_url, conn_max_age=conn_max_age, conn_health_checks=True)
        # A replica gone away must cost a request seconds, not the operating system's minutes:
        # after this the primary serves (metodika.replica_health).
        options = {"connect_timeout": replica_connect_timeout, **replica.get("OPTIONS", {})}
        result[REPLICA_DATABASE_ALIAS] = {
            **replica,
            "OPTIONS": options,
            # django-tenants' backend that takes the schema the primary's connection is set to.
            "ENGINE": "metodika.replica_backend",
            # Tests run with the replica as the test database itself (no second test database).
            "TEST": {"MIRROR": "default"},
        }
    return result


DATABASES = databases(
    url=ENV.database_url,
    replica_url=ENV.replica_database_url,
    conn_max_age=ENV.database_conn_max_age,
    replica_connect_timeout=ENV.replica_connect_timeout,
)

# The replica router first: it answers reads and writes; django-tenants' router says which apps
# migrate in which schema (and never on the replica: it migrates the tenant alias only).
DATABASE_ROUTERS = ["metodika.replica_reads.ReplicaRouter", "django_tenants.routers.TenantSyncRouter"]

# After a POST, PUT, PATCH or DELETE the browser reads from the primary for this long (a cookie),
# so the person who just wrote sees their write even while the replica lags behind.
REPLICA_PIN_SECONDS = ENV.replica_pin_seconds
# The replica serves reads only while it answers and replays at most this far behind the primary;
# each process asks it at most once every REPLICA_CHECK_SECONDS (metodika.replica_health).
REPLICA_MAX_LAG_SECONDS = ENV.replica_max_lag_seconds
REPLICA_CHECK_SECONDS = 5
# URL namespaces and view names (region host only) whose reads may be served by the replica: the
# institute's screens and exports, the region's public pages.
REPLICA_READ_NAMESPACES = ("institute",)
REPLICA_READ_VIEWS = (
    "region_home",
    "regional_news",
    "regional_news_detail",
    "unified_calendar:index",
    "unified_calendar:detail",
    "unified_calendar:feed",
    "robots_txt",
)
# Apps whose rows decide who may see what: read from the primary always, so that a sign-out, a
# revoked role, a lockout or a revoked API key take effect at once, never after the replica's lag.
REPLICA_PRIMARY_APPS = ("auth", "sessions", "accounts", "account", "mfa", "axes", "api")
