"""Cache isolation: Wagtail's site root paths and renditions, with and without the schema in the key.

Wagtail keys both without naming the tenant (``wagtail_site_root_paths``; ``wagtail-rendition-``
+ image id + file hash + filter). Each leak is reproduced first with a cache lacking
``django_tenants.cache.make_key``, then shown not to happen with the project's caches.
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django_tenants.cache import make_key, reverse_key
from django_tenants.utils import tenant_context
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from metodika.settings.cache import CACHES as DEPLOYED_CACHES
from tests.isolation.conftest import next_free_pk, png_bytes

TENANT_KEY = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}


def locmem_caches(**key_functions: str) -> dict[str, dict[str, object]]:
    location = uuid.uuid4().hex
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{location}-{alias}",
            **key_functions,
        }
        for alias in ("default", "renditions")
    }


@pytest.mark.parametrize("config", [django_settings.CACHES, DEPLOYED_CACHES], ids=["running", "deployed"])
def test_every_cache_alias_carries_the_schema_in_its_keys(config):
    assert {"default", "renditions"} <= set(config)
    for alias, options in config.items():
        assert options.get("KEY_FUNCTION") == TENANT_KEY["KEY_FUNCTION"], alias
        assert options.get("REVERSE_KEY_FUNCTION") == TENANT_KEY["REVERSE_KEY_FUNCTION"], alias


def test_running_caches_use_the_tenant_key_functions():
    for alias in django_settings.CACHES:
        assert caches[alias].key_func is make_key, alias
    assert reverse_key(make_key("k", "p", 1)) == "k"


# --- Site root paths (default alias) -------------------------------------------------------------


def forget_root_paths(*municipalities) -> None:
    for municipality in municipalities:
        with tenant_context(municipality):
            Site.clear_site_root_paths_cache()


def root_paths_and_section_url(municipality) -> tuple[list, str]:
    with tenant_context(municipality):
        section = Page.objects.get(slug="novosti")
        return Site.get_site_root_paths(), section.get_full_url()


def test_root_paths_leak_between_schemas_under_a_key_without_the_schema(muni_a, muni_b, settings):
    settings.CACHES = locmem_caches()
    a_paths, _a_url = root_paths_and_section_url(muni_a)
    b_paths, b_url = root_paths_and_section_url(muni_b)
    # The leak: B is handed A's root paths, so B's links point at A's host.
    assert b_paths == a_paths
    assert muni_a.default_hostname in b_paths[0].root_url
    assert b_url.startswith(f"http://{muni_a.default_hostname}")


def test_root_paths_stay_with_their_schema_under_the_project_caches(muni_a, muni_b):
    forget_root_paths(muni_a, muni_b)
    try:
        a_paths, a_url = root_paths_and_section_url(muni_a)
        b_paths, b_url = root_paths_and_section_url(muni_b)
        # Read again: now both come from the cache.
        assert root_paths_and_section_url(muni_b) == (b_paths, b_url)
    finally:
        forget_root_paths(muni_a, muni_b)
    assert [p.root_url for p in a_paths] == [f"http://{muni_a.default_hostname}"]
    assert [p.root_url for p in b_paths] == [f"http://{muni_b.default_hostname}"]
    assert a_url.startswith(f"http://{muni_a.default_hostname}/")
    assert b_url.startswith(f"http://{muni_b.default_hostname}/")


# --- Image renditions (renditions alias) ---------------------------------------------------------


@pytest.fixture
def twin_images(muni_a, muni_b, image_in):
    """An image with the same id and the same bytes in A and B, under different names."""
    image_model = get_image_model()
    pk = next_free_pk(image_model, muni_a, muni_b)
    content = png_bytes()
    a = image_in(muni_a, title="alpha-twin", content=content, pk=pk)
    b = image_in(muni_b, title="beta-twin", content=content, pk=pk)
    assert (a.pk, a.file_hash) == (b.pk, b.file_hash)
    return a, b


def rendition_in(municipality, image):
    with tenant_context(municipality):
        rendition = image.get_rendition("fill-40x40")
        return {
            "pk": rendition.pk,
            "name": rendition.file.name,
            "url": rendition.url,
            "in_own_table": type(rendition).objects.filter(pk=rendition.pk, image_id=image.pk).exists(),
            "file_exists": default_storage.exists(rendition.file.name),
            "cache_key": rendition.get_cache_key(),
            "cache": rendition.cache_backend,
        }


def test_renditions_leak_between_schemas_under_a_key_without_the_schema(muni_a, muni_b, twin_images, settings):
    settings.CACHES = locmem_caches()
    image_a, image_b = twin_images
    a = rendition_in(muni_a, image_a)
    b = rendition_in(muni_b, image_b)
    # The leak: B is handed A's rendition, a file B's folder does not have.
    assert b["cache_key"] == a["cache_key"]
    assert (b["pk"], b["name"]) == (a["pk"], a["name"]) and "alpha-twin" in b["name"]
    assert not b["in_own_table"] and not b["file_exists"]


def test_renditions_stay_with_their_schema_under_the_project_caches(muni_a, muni_b, twin_images, host_client):
    image_a, image_b = twin_images
    try:
        a = rendition_in(muni_a, image_a)
        b = rendition_in(muni_b, image_b)
        b_again = rendition_in(muni_b, image_b)  # now from the cache
    finally:
        for municipality, r in ((muni_a, a), (muni_b, b)):
            with tenant_context(municipality):
                r["cache"].delete(r["cache_key"])
    assert b_again["pk"] == b["pk"]
    for municipality, r, name in ((muni_a, a, "alpha-twin"), (muni_b, b, "beta-twin")):
        assert r["in_own_table"] and r["file_exists"]
        assert r["url"].startswith(f"/media/{municipality.schema_name}/images/{name}.")
        assert host_client(municipality).get(r["url"]).status_code == 200
    assert host_client(muni_b).get(a["url"]).status_code == 404
