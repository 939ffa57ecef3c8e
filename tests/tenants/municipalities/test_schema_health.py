"""The schema checks that catch an app moved between SHARED_APPS and TENANT_APPS."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.municipalities.schema_health import schema_missing_tables


def test_every_schema_has_its_tables(db):
    assert schema_missing_tables() == []


def test_a_tenant_table_missing_behind_applied_migrations_is_reported(muni_b):
    # What an app moved into TENANT_APPS after tenants exist looks like: migrations recorded, no table.
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{muni_b.schema_name}".wagtailredirects_redirect')
    problems = {p.schema_name: p.tables for p in schema_missing_tables()}
    assert problems == {muni_b.schema_name: ("wagtailredirects_redirect",)}


def test_region_migrate_fails_loudly_on_missing_tables(muni_b):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{muni_b.schema_name}".wagtailredirects_redirect')
    with pytest.raises(CommandError, match="wagtailredirects_redirect"):
        call_command("region_migrate", "--no-refill", verbosity=0)


def test_content_types_are_shared_and_the_cache_is_cleared_on_each_tenant_switch(muni_a, muni_b):
    from cms.home.models import HomePage

    with tenant_context(muni_a):
        in_a = ContentType.objects.get_for_model(HomePage)
        assert ContentType.objects._cache  # populated in A
    with tenant_context(muni_b):
        assert not ContentType.objects._cache.get(connection.alias, {}).get((HomePage._meta.app_label, "homepage"))
        assert ContentType.objects.get_for_model(HomePage).pk == in_a.pk  # one table, in public
