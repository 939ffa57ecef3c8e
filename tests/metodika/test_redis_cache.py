"""The project's Redis cache backend: one client per pool, keys in a named schema."""

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from metodika.redis_cache import RedisCache, schema_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_alias_uses_the_backend_with_the_tenant_key_function():
    from django.conf import settings

    for alias, config in settings.CACHES.items():
        assert config["BACKEND"] == "metodika.redis_cache.RedisCache", alias
        assert config["KEY_FUNCTION"] == "django_tenants.cache.make_key", alias
    assert isinstance(schema_cache(), RedisCache)


def test_a_key_named_in_a_schema_is_the_key_made_while_that_schema_is_active(muni_a, muni_b):
    store = schema_cache()
    for schema_name in (muni_a.schema_name, muni_b.schema_name, "public"):
        with schema_context(schema_name):
            assert store.schema_key(schema_name, "some:key") == cache.make_key("some:key")


def test_one_round_trip_reads_keys_of_several_schemas_and_leaves_out_missing_ones(muni_a, muni_b):
    with schema_context(muni_a.schema_name):
        cache.set("same-name", "a's value")
    with schema_context(muni_b.schema_name):
        cache.set("same-name", "b's value")
    with schema_context("public"):
        cache.set("region-only", 7)
    found = schema_cache().get_many_in_schemas(
        [
            (muni_a.schema_name, "same-name"),
            (muni_b.schema_name, "same-name"),
            ("public", "region-only"),
            ("public", "same-name"),
        ]
    )
    assert found == {
        (muni_a.schema_name, "same-name"): "a's value",
        (muni_b.schema_name, "same-name"): "b's value",
        ("public", "region-only"): 7,
    }


def test_a_value_set_in_a_schema_is_read_there_and_nowhere_else(muni_a, muni_b):
    with schema_context("public"):  # whatever is active, the named schema decides
        schema_cache().set_in_schema(muni_a.schema_name, "written-from-public", "yes", 60)
    with schema_context(muni_a.schema_name):
        assert cache.get("written-from-public") == "yes"
    with schema_context(muni_b.schema_name):
        assert cache.get("written-from-public") is None


def test_the_redis_client_is_built_once_per_pool():
    client = cache._cache  # Django's RedisCacheClient of this thread's backend
    cache.set("warm", 1)
    assert client.get_client() is client.get_client(write=True)
    assert client.get_client() is client.get_client("any-key")


def test_a_pipeline_writes_in_named_schemas_in_one_go(muni_a, muni_b):
    with schema_context(muni_b.schema_name):
        cache.set("counter", 41)
    store = schema_cache()
    with store.pipeline_in_schemas() as pipeline:
        pipeline.set(muni_a.schema_name, "flag", {"on": True}, 60)
        pipeline.incr(muni_a.schema_name, "counter")  # missing: starts at 1
        pipeline.incr(muni_b.schema_name, "counter")
        with schema_context(muni_a.schema_name):
            assert cache.get("flag") is None  # queued, not sent before the block ends
    with schema_context(muni_a.schema_name):
        assert cache.get("flag") == {"on": True}
        assert cache.get("counter") == 1
    client = cache._cache.get_client()
    assert client.ttl(store.schema_key(muni_a.schema_name, "counter")) == -1  # never expires
    assert 0 < client.ttl(store.schema_key(muni_a.schema_name, "flag")) <= 60
    with schema_context(muni_b.schema_name):
        assert cache.get("counter") == 42
        assert cache.get("flag") is None
