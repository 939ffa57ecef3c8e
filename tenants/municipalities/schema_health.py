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


def schema_missing_tables() -> list[MissingTables]:
    """Every schema (public, template, each municipality) whose expected tables are not all there."""
    problems = []
    shared = expected_tables(settings.SHARED_APPS)
    tenant = expected_tables(settings.TENANT_APPS)
    checks = [(get_public_schema_name(), shared), (settings.TENANT_BASE_SCHEMA, tenant)]
    checks += [(s, tenant) for s in Municipality.objects.values_list("schema_name", flat=True)]
    for schema_name, wanted in checks:
        missing = wanted - tables_in_schema(schema_name)
        if missing:
            problems.append(MissingTables(schema_name, tuple(sorted(missing))))
    return problems
