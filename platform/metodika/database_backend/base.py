"""django-tenants' PostgreSQL backend, with a table list that does not test every relation.

Django lists a schema's tables (``introspection.table_names``: the migration recorder asks four
times a ``migrate``, the test runner and ``flush`` too) with ``pg_table_is_visible(oid)`` on every
row of ``pg_class`` — the whole region's catalogue (486,000 relations in the bench's 2,500
synthetic municipalities, a real one has 994): 0.5–0.8 s a call there, three quarters of a
``migrate`` with nothing to apply (``bench/region_migrate.py``). Here the rows are first
narrowed to the namespaces of the search path, which a visible relation is in by definition;
the visibility test then only decides between same-named relations of those (the answer is the
same: ``tests/metodika/test_database_backend.py``).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.introspection import TableInfo  # type: ignore[attr-defined]  # not in django-stubs
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.postgresql_backend.introspection import (
    DatabaseSchemaIntrospection,
    DatabaseSchemaIntrospectionSearchPathContext,
)

# Django's statement (django/db/backends/postgresql/introspection.py) plus the namespace filter.
TABLE_LIST_SQL = """
    SELECT
        c.relname,
        CASE
            WHEN c.relispartition THEN 'p'
            WHEN c.relkind IN ('m', 'v') THEN 'v'
            ELSE 't'
        END,
        obj_description(c.oid, 'pg_class')
    FROM pg_catalog.pg_class c
    WHERE c.relkind IN ('f', 'm', 'p', 'r', 'v')
        AND c.relnamespace IN (
            SELECT n.oid FROM pg_catalog.pg_namespace n
            WHERE n.nspname = ANY (current_schemas(true)) AND n.nspname NOT IN ('pg_catalog', 'pg_toast')
        )
        AND pg_catalog.pg_table_is_visible(c.oid)
"""


class SchemaIntrospection(DatabaseSchemaIntrospection):  # type: ignore[misc]
    def get_table_list(self, cursor: Any) -> list[TableInfo]:
        with DatabaseSchemaIntrospectionSearchPathContext(cursor=cursor, connection=self.connection):
            cursor.execute(TABLE_LIST_SQL)
            return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]


class DatabaseWrapper(TenantDatabaseWrapper):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.introspection = SchemaIntrospection(self)
