"""Does every schema have the tables its apps need?

An app moved between SHARED_APPS and TENANT_APPS after schemas exist keeps its migrations
marked applied where it was and gets no tables where it now belongs; Django does not notice.
This check does, and ``region_migrate`` fails loudly on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name

from tenants.municipalities.models import Municipality


@dataclass(frozen=True)
class MissingTables:
    schema_name: str
    tables: tuple[str, ...]


def _app_label(entry: str) -> str:
    for config in apps.get_app_configs():
        if config.name == entry or f"{config.__module__}.{type(config).__name__}" == entry:
            return config.label
    raise LookupError(entry)


def expected_tables(app_entries: list[str]) -> set[str]:
    tables = set()
    for entry in app_entries:
        for model in apps.get_app_config(_app_label(entry)).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return tables


def tables_in_schema(schema_name: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema_name])
        return {row[0] for row in cursor.fetchall()}


# Tables, views, foreign and partitioned tables: what information_schema.tables lists.
_MISSING_SQL = """
SELECT s.schema_name, array_agg(t.name ORDER BY t.name)
  FROM unnest(%s::text[]) AS s(schema_name) CROSS JOIN unnest(%s::text[]) AS t(name)
 WHERE NOT EXISTS (
       SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = s.schema_name AND c.relname = t.name AND c.relkind IN ('r', 'v', 'f', 'p'))
 GROUP BY s.schema_name
"""
# Schemas per query: the catalog is probed once per schema and table (2,500 × ~120 at scale).
_CHUNK = 500


def schemas_missing_tables(schemas: list[str], wanted: set[str]) -> list[MissingTables]:
    """Which of ``schemas`` lack some of ``wanted``: one catalog query per few hundred schemas."""
    problems = []
    for first in range(0, len(schemas), _CHUNK):
        with connection.cursor() as cursor:
            cursor.execute(_MISSING_SQL, [schemas[first : first + _CHUNK], sorted(wanted)])
            problems += [MissingTables(schema, tuple(tables)) for schema, tables in cursor.fetchall()]
    return sorted(problems, key=lambda p: p.schema_name)


def schema_missing_tables() -> list[MissingTables]:
    """Every schema (public, template, each municipality) whose expected tables are not all there."""
    shared = expected_tables(settings.SHARED_APPS)
    tenant = expected_tables(settings.TENANT_APPS)
    municipal = list(Municipality.objects.order_by("schema_name").values_list("schema_name", flat=True))
    return [
        *schemas_missing_tables([get_public_schema_name()], shared),
        *schemas_missing_tables([settings.TENANT_BASE_SCHEMA, *municipal], tenant),
    ]
