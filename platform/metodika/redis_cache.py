"""Django's Redis cache, with a client kept per pool and reads and writes in a named schema.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every call; with
redis-py 8 that object costs more to build than the round trip it makes (about a third of the
CPU of a page served from the cache). A client only wraps its pool and is safe to share, and
Django keeps a cache backend per thread, so one client per pool is kept here.

django-tenants' key function prefixes whichever schema the connection has active. The page cache
runs before a request is routed and reads the region's host entry and a municipality's page in
one round trip, so it names the schema of each key itself (``get_many_in_schemas``); the keys are
the very ones the key function makes while that schema is active.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from django_tenants.cache import make_key as tenant_make_key

SchemaKey = tuple[str, str]


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

    def schema_key(self, schema_name: str, key: str) -> str:
        """The stored key of ``key`` while ``schema_name`` is the active schema."""
        if self.key_func is not tenant_make_key:
            raise ImproperlyConfigured("Keys by schema need KEY_FUNCTION django_tenants.cache.make_key.")
        # django_tenants.cache.make_key: '<schema>:<key prefix>:<version>:<key>'
        return f"{schema_name}:{self.key_prefix}:{self.version}:{key}"

    def get_many_in_schemas(self, keys: Iterable[SchemaKey]) -> dict[SchemaKey, Any]:
        """Values of (schema, key) pairs, in one round trip; missing keys are left out."""
        wanted = {self.schema_key(schema_name, key): (schema_name, key) for schema_name, key in keys}
        found = self._client().get_many(list(wanted))
        return {wanted[stored]: value for stored, value in found.items()}

    def set_in_schema(self, schema_name: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> None:
        self._client().set(self.schema_key(schema_name, key), value, self.get_backend_timeout(timeout))

    @contextmanager
    def pipeline_in_schemas(self) -> Iterator[SchemaPipeline]:
        """Writes in named schemas, sent together in one round trip when the block ends."""
        client = self._client()
        pipeline = SchemaPipeline(self, client.get_client(write=True).pipeline(transaction=False), client._serializer)
        yield pipeline
        pipeline.execute()

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

    def execute(self) -> None:
        self._pipeline.execute()


def schema_cache(alias: str = "default") -> RedisCache:
    """The cache alias, which must be this backend (every environment's settings make it so)."""
    cache = caches[alias]
    if not isinstance(cache, RedisCache):
        raise ImproperlyConfigured(f"Cache {alias!r} must use metodika.redis_cache.RedisCache.")
    return cache
