"""Every schema's search index is rebuilt with the Russian configuration by ``region_migrate``.

An index written before issue 19 holds vectors of PostgreSQL's default configuration
(``english``); the tests put such vectors back with SQL, as the old index had them.
"""

from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from cms.base.search_index import search_index_stale, search_indexes_refresh
from tenants.municipalities import provisioning
from tenants.municipalities.models import SpareSchema
from tenants.municipalities.services import municipality_provision


def _index_as_before_issue_19(schema_name: str) -> None:
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET title = to_tsvector('english', title_text), "
            "body = to_tsvector('english', body_text), autocomplete = to_tsvector('simple', title_text)"
        )


def _finds_news(host: str) -> bool:
    html = Client(HTTP_HOST=host).get("/search/", {"q": "новость"}).content.decode()
    _, found, results = html.partition('class="search-results"')
    return bool(found) and 'href="/novosti/"' in results


def test_a_fresh_index_is_russian_and_left_alone(muni_a, muni_b):
    for schema_name in (settings.TENANT_BASE_SCHEMA, muni_a.schema_name, muni_b.schema_name):
        with schema_context(schema_name):
            assert not search_index_stale()
    assert search_indexes_refresh() == []


def test_an_english_index_is_rebuilt_in_each_municipality_and_found_by_word_forms(muni_a, muni_b):
    _index_as_before_issue_19(muni_a.schema_name)
    assert not _finds_news(muni_a.default_hostname)
    with schema_context(muni_a.schema_name):
        assert search_index_stale()

    assert search_indexes_refresh() == [muni_a.schema_name]

    assert _finds_news(muni_a.default_hostname)
    with schema_context(muni_a.schema_name):
        assert not search_index_stale()
    assert search_indexes_refresh() == []


def test_the_template_and_spares_are_rebuilt_so_a_new_municipality_searches_in_russian(
    db, django_capture_on_commit_callbacks
):
    provisioning.spare_pool_refill(size=1)
    spare = SpareSchema.objects.get().schema_name
    _index_as_before_issue_19(settings.TENANT_BASE_SCHEMA)
    _index_as_before_issue_19(spare)

    assert search_indexes_refresh() == [settings.TENANT_BASE_SCHEMA, spare]

    with django_capture_on_commit_callbacks(execute=False):
        cloned = municipality_provision(
            use_pool=False,
            name="Кировский муниципальный район",
            short_name="Кировский район",
            slug="kirovsk-test",
            contact_email="mms@kirovsk.example",
        )
        pooled = municipality_provision(
            use_pool=True,
            name="Лужский муниципальный район",
            short_name="Лужский район",
            slug="luga-test",
            contact_email="mms@luga.example",
        )
    assert cloned.source == "clone" and pooled.source == "pool"
    for result in (cloned, pooled):
        with schema_context(result.municipality.schema_name):
            assert not search_index_stale()
        assert _finds_news(result.municipality.default_hostname)
