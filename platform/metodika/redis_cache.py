"""Django's Redis cache, with a client kept per pool, reads and writes in a named schema, and
going on without Redis when it is down.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every call; with
redis-py 8 that object costs more to build than the round trip it makes (about a third of the
CPU of a page served from the cache). A client only wraps its pool and is safe to share, and
Django keeps a cache backend per thread, so one client per pool is kept here.

django-tenants' key function prefixes whichever schema the connection has active. The page cache
runs before a request is routed and reads the region's host entry and a municipality's page in
one round trip, so it names the schema of each key itself (``get_many_in_schemas``); the keys are
the very ones the key function makes while that schema is active.

Redis is a cache here, not the truth: while it does not answer (connection refused, a timeout)
this backend behaves as Django's ``DummyCache`` does — every key is missing (``get`` gives the
default, ``add`` says it stored, ``incr`` raises ``ValueError``), writes are dropped — so pages,
logins and the admin are served uncached. ``metodika.redis_outage`` decides when to try again
(a failed call spares the next ones the network for a few seconds), logs it once per outage and
counts it. Writes the page cache must not lose (a purge) use ``pipeline_in_schemas``, which raises
``CacheUnavailable`` instead, so the caller can keep them for later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from django_tenants.cache import make_key as tenant_make_key
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from metodika.redis_outage import RedisBreaker, redis_breaker

SchemaKey = tuple[str, str]
T = TypeVar("T")

# What "Redis is not there" raises (BusyLoadingError, a restarted Redis still loading its data,
# is a ConnectionError). A wrong command or a full Redis is a bug or a deployment fault: it raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class CacheUnavailable(ValueError):
    """The cache's Redis does not answer. A ValueError, as ``incr`` of a missing key raises."""


def redis_address(url: str) -> str:
    """host:port/db of a Redis URL, without the credentials (for log lines)."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}  # by id() of the pool, which lives as long as this

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # Django's private members, which django-stubs does not declare
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        servers: list[str] = getattr(self, "_servers")  # noqa: B009 (Django's, undeclared in django-stubs)
        self._breaker: RedisBreaker = redis_breaker("Redis cache " + ",".join(map(redis_address, servers)))

    def _guarded(self, call: Callable[[], T], fallback: Callable[[], T]) -> T:
        """``call()`` while Redis answers, else ``fallback()`` (the answer of an empty cache)."""
        breaker = self._breaker
        if not breaker.allows():
            return fallback()
        try:
            result = call()
        except UNAVAILABLE as error:
            breaker.failed(error)
            return fallback()
        breaker.succeeded()
        return result

    # Django's cache API, each call going on without Redis as DummyCache would answer.
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guarded(lambda: super(RedisCache, self).add(key, value, timeout, version), lambda: True)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guarded(lambda: super(RedisCache, self).get(key, default, version), lambda: default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guarded(lambda: super(RedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guarded(lambda: super(RedisCache, self).touch(key, timeout, version), lambda: False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(lambda: super(RedisCache, self).delete(key, version), lambda: False)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guarded(lambda: super(RedisCache, self).get_many(keys, version), dict)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guarded(lambda: super(RedisCache, self).has_key(key, version), lambda: False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        def missing() -> int:
            raise CacheUnavailable(f"Key {key!r} not found: the cache's Redis is unavailable.")

        return self._guarded(lambda: super(RedisCache, self).incr(key, delta, version), missing)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._guarded(lambda: super(RedisCache, self).set_many(data, timeout, version), lambda: list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guarded(lambda: super(RedisCache, self).delete_many(keys, version), lambda: None)

    def clear(self) -> None:
        self._guarded(lambda: super(RedisCache, self).clear(), lambda: None)

    def count_in_window(self, key: Any, window: int) -> int:
        """One more in the counter ``key`` of a ``window``-second window: the number it now is.

        INCR and, for a new counter, its lifetime in one round trip (atomic: two requests never
        get the same number). Raises ``CacheUnavailable`` while Redis is down — unlike ``add``,
        which says it stored, a limit must know it could not count (``tenants.rate_limits``).
        """
        stored_key = self.make_and_validate_key(key)

        def count() -> int:
            pipeline = self._client().get_client(stored_key, write=True).pipeline(transaction=True)
            pipeline.incr(stored_key)
            pipeline.expire(stored_key, window, nx=True)
            number, _ = pipeline.execute()
            return int(number)

        def unavailable() -> int:
            raise CacheUnavailable("The cache's Redis is unavailable: nothing was counted.")

        return self._guarded(count, unavailable)

    def schema_key(self, schema_name: str, key: str) -> str:
        """The stored key of ``key`` while ``schema_name`` is the active schema."""
        if self.key_func is not tenant_make_key:
            raise ImproperlyConfigured("Keys by schema need KEY_FUNCTION django_tenants.cache.make_key.")
        # django_tenants.cache.make_key: '<schema>:<key prefix>:<version>:<key>'
        return f"{schema_name}:{self.key_prefix}:{self.version}:{key}"

    def get_many_in_schemas(self, keys: Iterable[SchemaKey]) -> dict[SchemaKey, Any]:
        """Values of (schema, key) pairs, in one round trip; missing keys are left out (all of
        them while Redis is down)."""
        wanted = {self.schema_key(schema_name, key): (schema_name, key) for schema_name, key in keys}
        found = self._guarded(lambda: self._client().get_many(list(wanted)), dict)
        return {wanted[stored]: value for stored, value in found.items()}

    def set_in_schema(self, schema_name: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        """Store in a named schema; dropped while Redis is down."""
        stored_key, backend_timeout = self.schema_key(schema_name, key), self.get_backend_timeout(timeout)
        self._guarded(lambda: self._client().set(stored_key, value, backend_timeout), lambda: None)

    @contextmanager
    def pipeline_in_schemas(self) -> Iterator[SchemaPipeline]:
        """Writes in named schemas, sent together in one round trip when the block ends.

        Raises ``CacheUnavailable`` when they cannot be sent: these are writes a caller must not
        lose (a purge), unlike an entry that is simply not stored.
        """
        client = self._client()
        pipeline = SchemaPipeline(self, client.get_client(write=True).pipeline(transaction=False), client._serializer)
        yield pipeline

        def send() -> bool:
            pipeline.execute()
            return True

        if not self._guarded(send, lambda: False):
            raise CacheUnavailable("The cache's Redis is unavailable: the queued writes were not sent.")

    def _client(self) -> Any:
        django_cache: Any = self  # ``_cache`` is Django's, undeclared in django-stubs
        return django_cache._cache


class SchemaPipeline:
    """Queued writes of ``RedisCache.pipeline_in_schemas``, each to a key of a named schema."""

    def __init__(self, cache: RedisCache, pipeline: Any, serializer: Any) -> None:
        self._cache, self._pipeline, self._serializer = cache, pipeline, serializer

    def set(self, schema_name: str, key: str, value: Any, timeout: int) -> None:
        """Store ``value`` for ``timeout`` seconds (as ``cache.set`` would in that schema)."""
        self._pipeline.set(self._cache.schema_key(schema_name, key), self._serializer.dumps(value), ex=timeout)

    def incr(self, schema_name: str, key: str) -> None:
        """Add one to a counter; a missing one starts at 1 and never expires."""
        self._pipeline.incr(self._cache.schema_key(schema_name, key))

    def delete(self, schema_name: str, key: str) -> None:
        self._pipeline.delete(self._cache.schema_key(schema_name, key))

    def execute(self) -> None:
        self._pipeline.execute()


def schema_cache(alias: str = "default") -> RedisCache:
    """The cache alias, which must be this backend (every environment's settings make it so)."""
    cache = caches[alias]
    if not isinstance(cache, RedisCache):
        raise ImproperlyConfigured(f"Cache {alias!r} must use metodika.redis_cache.RedisCache.")
    return cache
