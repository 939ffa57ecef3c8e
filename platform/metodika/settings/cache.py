"""Caches: Redis, and every alias keyed by the current schema.

Wagtail stores site root paths (default alias) and image renditions (``renditions`` alias)
under keys that do not name the tenant; without ``django_tenants.cache.make_key`` one
municipality would be served another's links and images.
"""

from metodika.settings.environment import ENV

TENANT_CACHE_KEY_FUNCTIONS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}


def redis_caches(redis_url: str, key_prefix: str) -> dict[str, dict[str, object]]:
    return {
        alias: {
            "BACKEND": "metodika.redis_cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"{key_prefix}:{alias}",
            "TIMEOUT": timeout,
            **TENANT_CACHE_KEY_FUNCTIONS,
        }
        for alias, timeout in (("default", 300), ("renditions", 24 * 3600))
    }


CACHES = redis_caches(ENV.redis_url, "metodika")
