"""Caches: Redis, and every alias keyed by the current schema.

Wagtail stores site root paths (default alias) and image renditions (``renditions`` alias)
under keys that do not name the tenant; without ``django_tenants.cache.make_key`` one
municipality would be served another's links and images.

Redis is a cache, not the truth: when it does not answer, pages are served uncached
(``metodika.redis_cache``). Short socket timeouts bound what a Redis that is down but not
refusing (a lost host, a firewall) costs the one call a few seconds that tries it again
(``REDIS_OUTAGE_RETRY_SECONDS``); meanwhile no call waits on it.
"""

from metodika.settings.environment import ENV

TENANT_CACHE_KEY_FUNCTIONS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}


REDIS_OUTAGE_RETRY_SECONDS = 5.0
# A cache answer on the machine or the LAN takes well under a millisecond; a cached page is a few
# hundred kilobytes at most.
REDIS_CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def redis_caches(redis_url: str, key_prefix: str) -> dict[str, dict[str, object]]:
    return {
        alias: {
            "BACKEND": "metodika.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"{key_prefix}:{alias}",
            "TIMEOUT": timeout,
            "OPTIONS": REDIS_CACHE_OPTIONS,
            **TENANT_CACHE_KEY_FUNCTIONS,
        }
        for alias, timeout in (("default", 300), ("renditions", 24 * 3600))
    }


CACHES = redis_caches(ENV.cache_redis_url, "metodika")
