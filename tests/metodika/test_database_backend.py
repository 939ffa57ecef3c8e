"""The primary's backend lists a schema's tables as Django's own statement does, without testing
the visibility of every relation in the region's catalogue (``metodika.database_backend``)."""

from __future__ import annotations

from django.db import connection
from django.db.backends.postgresql.introspection import DatabaseIntrospection
from django_tenants.utils import schema_context

from metodika.database_backend.base import TABLE_LIST_SQL, SchemaIntrospection


def _stock(cursor) -> list[tuple]:
    """Django's own statement, on the cursor's search path as it is."""
    return sorted(DatabaseIntrospection.get_table_list(connection.introspection, cursor))


def _ours(cursor) -> list[tuple]:
    cursor.execute(TABLE_LIST_SQL)
    return sorted(cursor.fetchall())


def test_the_connection_uses_the_narrowed_table_list():
    assert connection.settings_dict["ENGINE"] == "metodika.database_backend"
    assert isinstance(connection.introspection, SchemaIntrospection)


def test_every_schema_s_tables_are_listed_as_djangos_statement_lists_them(muni_a, muni_b):
    for schema in ("public", muni_a.schema_name, muni_b.schema_name):
        with schema_context(schema), connection.cursor() as cursor:
            listed = connection.introspection.get_table_list(cursor)
            cursor.execute("SELECT set_config('search_path', %s, false)", [f'"{schema}"'])
            assert sorted(listed) == _stock(cursor)
            assert "django_migrations" in {t.name for t in listed}
    with schema_context(muni_a.schema_name):
        names = set(connection.introspection.table_names())
    assert "events_event" in names and "municipalities_municipality" not in names  # A's own, not the region's


def test_shadowed_names_views_partitions_and_temporary_tables_as_django_lists_them(muni_a):
    """A search path of two schemas with a name in both, a view, a partitioned table and a temporary
    table: the same rows, kinds and comments as Django's statement (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{muni_a.schema_name}".municipalities_municipality (id int)')  # shadows public's
        cursor.execute(f'CREATE VIEW "{muni_a.schema_name}".a_view AS SELECT 1 AS one')
        cursor.execute("CREATE TABLE public.a_partitioned (day date) PARTITION BY RANGE (day)")
        cursor.execute(
            "CREATE TABLE public.a_partition PARTITION OF public.a_partitioned "
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
        )
        cursor.execute("COMMENT ON TABLE public.a_partitioned IS 'с комментарием'")
        cursor.execute("CREATE TEMPORARY TABLE a_temporary (id int)")
        cursor.execute("SELECT set_config('search_path', %s, false)", [f'"{muni_a.schema_name}", public'])
        ours, stock = _ours(cursor), _stock(cursor)
        cursor.execute("SELECT set_config('search_path', 'public', false)")
    assert ours == stock
    kinds = {name: kind for name, kind, _comment in ours}
    assert kinds["a_view"] == "v" and kinds["a_partition"] == "p" and "a_temporary" in kinds
    assert ("a_partitioned", "t", "с комментарием") in ours
    assert [name for name, *_ in ours].count("municipalities_municipality") == 1
