"""Thousands of synthetic municipalities, made in seconds by bulk SQL rather than provisioning.

Provisioning clones the whole template (hundreds of tables, about a second each); a benchmark
of the region's views needs many municipalities but only a few of their tables. This module
writes the registry rows in one INSERT, then gives each synthetic schema just the tables asked
for, copied from the template with ``CREATE TABLE … (LIKE template.x INCLUDING …)`` (columns,
defaults and identity; with ``including="ALL"`` also constraints and indexes — foreign keys are
never copied, which bulk data does not need), and lets the benchmark fill them with its own SQL.
Run ``region_migrate`` first.

    from harness.synthetic_region import synthetic_region_create

    municipalities = synthetic_region_create(
        2500,
        tables=["plans_direction", "plans_annualplan", "plans_planitem", "plans_plancorrection"],
        fill=lambda schema, index: [f"INSERT INTO {schema}.plans_direction SELECT * FROM {TEMPLATE}.plans_direction"],
    )

Schemas are named ``synthetic_00001`` …, slugs ``synthetic-00001`` …; ``synthetic_region_drop``
removes them (the bench database is dropped at the end anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from harness import say, timed

SCHEMA_PREFIX = "synthetic_"
BATCH = 100  # schemas per round trip: one multi-statement string each


def synthetic_schema_name(index: int) -> str:
    return f"{SCHEMA_PREFIX}{index:05d}"


def synthetic_region_create(
    count: int,
    *,
    tables: Sequence[str],
    fill: Callable[[str, int], Sequence[str]] | None = None,
    including: str = "DEFAULTS INCLUDING IDENTITY",
    batch: int = BATCH,
) -> list[Any]:
    """Create ``count`` municipalities with schemas holding ``tables``; returns the Municipality rows.

    ``fill(schema, index)`` returns SQL statements run for each schema after its tables exist
    (the schema name is already quoted-safe: lowercase letters, digits, underscores). By default
    the tables get the template's columns, defaults and identities but not its indexes and
    constraints, which make each ``CREATE TABLE`` several times slower and which a few dozen
    rows per table do not need; pass ``including="ALL"`` for exact copies. ``batch`` schemas
    are made per transaction: lower it when each schema gets many tables (every new table holds
    a lock slot until the commit; max_locks_per_transaction).
    """
    from django.conf import settings
    from django.db import connection, transaction
    from psycopg import sql

    from tenants.municipalities.models import Municipality

    template = settings.TENANT_BASE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_name = ANY(%s)",
            [template, list(tables)],
        )
        missing = set(tables) - {row[0] for row in cursor.fetchall()}
    if missing:
        raise SystemExit(f"[bench] template schema {template!r} has no tables {sorted(missing)}: run region_migrate")

    connection.set_schema_to_public()  # type: ignore[attr-defined]
    with timed(f"synthetic region: {count} registry rows"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "INSERT INTO {table} (schema_name, name, short_name, slug, oktmo, contact_email, status, created_at) "
                "SELECT format('{prefix}%%s', lpad(i::text, 5, '0')), "
                "format('Синтетический муниципальный район № %%s', i), format('Район № %%s', i), "
                "format('synthetic-%%s', lpad(i::text, 5, '0')), '', 'bench@example.test', 'active', now() "
                "FROM generate_series(1, %s) AS i"
            ).format(table=sql.Identifier(Municipality._meta.db_table), prefix=sql.SQL(SCHEMA_PREFIX)),
            [count],
        )

    def create_statements(index: int) -> list[str]:
        schema = synthetic_schema_name(index)
        statements = [f'CREATE SCHEMA "{schema}"']
        statements += [
            f'CREATE TABLE "{schema}"."{table}" (LIKE "{template}"."{table}" INCLUDING {including})' for table in tables
        ]
        statements += list(fill(f'"{schema}"', index)) if fill else []
        return statements

    with timed(f"synthetic region: {count} schemas with {len(tables)} tables each, filled"):
        for first in range(1, count + 1, batch):
            indexes = range(first, min(first + batch, count + 1))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(";\n".join(s for i in indexes for s in create_statements(i)))
            if (first - 1) // 500 != (first - 1 + batch) // 500:
                say(f"  … {first - 1 + len(indexes)} schemas")
    return list(Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).order_by("pk"))


def synthetic_region_drop() -> None:
    """Drop every synthetic schema and its registry row."""
    from django.db import connection, transaction

    from tenants.municipalities.models import Municipality

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", [SCHEMA_PREFIX.replace("_", r"\_") + "%"]
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).delete()


def synthetic_stub_region(count: int) -> list[Any]:
    """``count`` municipalities whose schemas look migrated to ``region_migrate`` and the catalog.

    Each schema holds the template's ``django_migrations`` rows, an empty copy of the search index
    table (``region_migrate`` looks for stale entries there) and every other tenant table as a
    column-less stub ``CREATE TABLE x ()`` (the schema check looks at names only): about 120
    relations a schema where a full one has ~360 (no indexes, sequences or TOAST tables), and no
    rows. Used by ``region_migrate.py``, ``provision.py --schemas`` and ``catalog.py``.
    """
    from django.conf import settings
    from modelsearch.conf import get_app_config

    from tenants.municipalities.schema_health import expected_tables

    template = settings.TENANT_BASE_SCHEMA
    index_table = get_app_config().get_model("IndexEntry")._meta.db_table
    tenant_tables = sorted(expected_tables(settings.TENANT_APPS) | {"django_migrations"})
    copied = ("django_migrations", index_table)

    def fill(schema: str, _index: int) -> list[str]:
        stubs = [f'CREATE TABLE {schema}."{t}" ()' for t in tenant_tables if t not in copied]
        return [f"INSERT INTO {schema}.django_migrations SELECT * FROM {template}.django_migrations", *stubs]

    return synthetic_region_create(
        count,
        tables=list(copied),
        fill=fill,
        batch=10,  # ~120 new tables each: every one holds a lock slot until the commit
    )


def synthetic_plan_fill(schema: str, index: int) -> list[str]:
    """One municipality's plan: the template's directions, a plan in execution, 20–49 items."""
    template = "template_municipality"
    items = 20 + index % 30
    return [
        f"INSERT INTO {schema}.plans_direction SELECT * FROM {template}.plans_direction",
        f"INSERT INTO {schema}.plans_annualplan (academic_year, status, note, conclusion, created_at, updated_at) "
        "VALUES (2025, 'in_execution', '', '', now(), now())",
        f"""INSERT INTO {schema}.plans_planitem
              (plan_id, number, direction_id, form, topic, audience, month, responsible_text, expected_result,
               status, actual_result, participants, created_at, updated_at)
            SELECT p.id, g, d.id, 'seminar', 'Мероприятие ' || g, 'педагоги', 1 + g % 12, '', '',
                   CASE WHEN (g + {index}) % 10 < 5 THEN 'done' WHEN (g + {index}) % 10 < 8 THEN 'planned'
                        WHEN (g + {index}) % 10 = 8 THEN 'moved' ELSE 'cancelled' END,
                   '', CASE WHEN (g + {index}) % 10 < 5 THEN 10 + (g * {index}) % 50 END, now(), now()
              FROM generate_series(1, {items}) AS g
             CROSS JOIN (SELECT id FROM {schema}.plans_annualplan) AS p
             JOIN (SELECT id, row_number() OVER (ORDER BY "order", id) - 1 AS k FROM {schema}.plans_direction) AS d
               ON d.k = g % 4""",
    ]


def region_bench_arguments(doc: str | None, *, database: str, redis_db: int, what: str) -> Any:
    """The arguments every region-scale bench takes: municipalities, timed runs, naive runs."""
    import harness

    parser = harness.arguments_parser(doc, database=database, redis_db=redis_db)
    parser.add_argument("--municipalities", type=int, default=2500, help="synthetic municipalities (default 2,500)")
    parser.add_argument("--runs", type=int, default=15, help=f"timed runs of {what} (default 15)")
    parser.add_argument("--naive-runs", type=int, default=2, help="timed runs of the naive loop (default 2)")
    args = parser.parse_args()
    if args.runs < 1 or args.naive_runs < 1 or args.municipalities < 1:
        parser.error("--runs, --naive-runs and --municipalities must be at least 1")
    return args
