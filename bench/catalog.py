"""The catalog and the connections at 2,500 municipalities (issue 18 §5): figures, not a timed test.

Runs against a database of its own (``metodika_bench_catalog``, Redis database 8), or with
``--database metodika_bench --reuse`` on the one ``provision.py --schemas 2500 --keep`` left. It
runs ``region_migrate`` (public, template), makes ``--full`` **full** municipalities (real clones
of the template) and ``--municipalities`` **synthetic** ones by SQL (``harness.synthetic_region.
synthetic_stub_region``: ~120 column-less stub tables each, where a full schema has ~360
relations), then prints:

* **the catalog**: relations in one full schema and in one synthetic schema; ``pg_class`` rows and
  the catalog's size before the synthetic schemas and after, and per schema;
* **memory per backend**: a fresh server process (its ``/proc/<pid>/status`` — the server must run
  on this machine — and its own ``pg_backend_memory_contexts``) after touching 0, 100, 500, 1,000
  and 2,500 synthetic schemas (``--tables`` tables each, as a fan-out's task touches a few tables
  per municipality), and another after opening every table of ``--full`` full schemas (as a web
  process serving that many municipalities' pages and admins);
* **connections**: the server connections the stack holds, computed from the settings and the
  compose file's defaults (``--web-nodes``, ``--gunicorn-workers``, ``--celery-concurrency``):
  each process keeps one connection per alias it used for ``CONN_MAX_AGE``; beside
  ``max_connections`` and the memory the measured backends would take.

    .venv/bin/python bench/catalog.py                      # builds 2,500 + 5 full, prints, drops
    .venv/bin/python bench/catalog.py --database metodika_bench --reuse
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any

import harness
from harness import say, timed
from harness.synthetic_region import SCHEMA_PREFIX, synthetic_stub_region

CHECKPOINTS = (0, 100, 500, 1000, 2500)
MB = 1024 * 1024


def parse_args() -> argparse.Namespace:
    parser = harness.arguments_parser(__doc__, database="metodika_bench_catalog", redis_db=8)
    parser.add_argument("--municipalities", type=int, default=2500, help="synthetic municipalities (default 2,500)")
    parser.add_argument("--full", type=int, default=5, help="full copies of the template (default 5)")
    parser.add_argument("--tables", type=int, default=10, help="tables touched per synthetic schema (default 10)")
    parser.add_argument("--web-nodes", type=int, default=2, help="web nodes (compose: 2)")
    parser.add_argument("--gunicorn-workers", type=int, default=3, help="gunicorn workers a node (compose: 3)")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="threads a gunicorn worker (default 1)")
    parser.add_argument("--celery-concurrency", type=int, default=2, help="Celery worker processes (compose: 2)")
    return parser.parse_args()


# --- the catalog ------------------------------------------------------------------------------


def _one(cursor: Any, query: str, params: list[Any] | None = None) -> Any:
    cursor.execute(query, params or [])
    return cursor.fetchone()[0]


def schema_relations(cursor: Any, schema: str) -> int:
    """Relations of a schema, with its tables' TOAST tables and their indexes (in ``pg_toast``)."""
    return int(
        _one(
            cursor,
            """SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace)
                    + (SELECT count(*) FROM pg_class t JOIN pg_class toast ON toast.oid = t.reltoastrelid
                        WHERE t.relnamespace = %s::regnamespace) * 2""",
            [schema, schema],
        )
    )


def catalog_figures(cursor: Any) -> dict[str, float]:
    return {
        "pg_class rows": _one(cursor, "SELECT count(*) FROM pg_class"),
        "pg_attribute rows": _one(cursor, "SELECT count(*) FROM pg_attribute"),
        "pg_class MB": _one(cursor, "SELECT pg_total_relation_size('pg_class')") / MB,
        "pg_attribute MB": _one(cursor, "SELECT pg_total_relation_size('pg_attribute')") / MB,
        "catalog MB": _one(
            cursor,
            "SELECT sum(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r'",
        )
        / MB,
        "database MB": _one(cursor, "SELECT pg_database_size(current_database())") / MB,
    }


# --- memory of one server process -------------------------------------------------------------


def _proc_status(pid: int) -> dict[str, float]:
    path = Path(f"/proc/{pid}/status")
    if not path.exists():
        return {}
    fields = dict(line.split(":", 1) for line in path.read_text().splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "RssAnon") if name in fields}


def backend_memory(conn: Any) -> dict[str, float]:
    """The server process's private memory (RssAnon), its RSS, and its own memory contexts."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    total, cache = conn.execute(
        "SELECT sum(total_bytes), sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext' "
        "OR parent = 'CacheMemoryContext') FROM pg_backend_memory_contexts"
    ).fetchone()
    return {**_proc_status(pid), "contexts": float(total) / MB, "cache": float(cache or 0) / MB}


def fresh_connection() -> Any:
    import psycopg
    from django.db import connection

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
        autocommit=True,
    )


def memory_synthetic(schemas: list[str], tables: list[str]) -> list[tuple[int, dict[str, float]]]:
    """One backend touching ``tables`` in each synthetic schema, measured at the checkpoints."""
    rows = []
    with fresh_connection() as conn:
        conn.execute("SELECT 1")
        touched = 0
        for checkpoint in (c for c in CHECKPOINTS if c <= len(schemas)):
            for schema in schemas[touched:checkpoint]:
                for table in tables:
                    conn.execute(f'SELECT 1 FROM "{schema}"."{table}" LIMIT 1')
            touched = checkpoint
            rows.append((checkpoint, backend_memory(conn)))
            say(f"backend after {checkpoint} synthetic schemas: {rows[-1][1]}")
    return rows


def memory_full(schemas: list[str]) -> list[tuple[int, dict[str, float]]]:
    """One backend opening every table of each full schema (the planner opens their indexes too)."""
    rows = []
    with fresh_connection() as conn:
        rows.append((0, backend_memory(conn)))
        for count, schema in enumerate(schemas, start=1):
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind IN ('r', 'p')",
                    [schema],
                ).fetchall()
            ]
            for table in tables:
                conn.execute(f'SELECT 1 FROM "{schema}"."{table}" LIMIT 1')
            rows.append((count, backend_memory(conn)))
            say(f"backend after every table of {count} full schema(s): {rows[-1][1]}")
    return rows


# --- connections --------------------------------------------------------------------------------


def connections_count(args: argparse.Namespace) -> list[tuple[str, int, int]]:
    """(process kind, connections to the primary, to the replica): one per alias a process used."""
    from django.conf import settings

    replica = 1 if "replica" in settings.DATABASES else 0
    web = args.web_nodes * args.gunicorn_workers * args.gunicorn_threads
    return [
        (f"web: {args.web_nodes} nodes × {args.gunicorn_workers} workers × {args.gunicorn_threads} threads", web,
         web * replica),
        (f"Celery worker: {args.celery_concurrency} processes", args.celery_concurrency, 0),
        ("beat (sends only; the outbox flush runs in the worker)", 0, 0),
        (f"region_migrate during a deploy: {settings.REGION_MIGRATE_PROCESSES} processes + 1",
         settings.REGION_MIGRATE_PROCESSES + 1, 0),
        ("psql, backups, monitoring: a margin", 5, 0),
    ]  # fmt: skip


def bench(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from tenants.municipalities.models import Municipality

    results: dict[str, Any] = {}
    if not args.reused:
        with timed("region_migrate (public, template)"):
            call_command("region_migrate", "--no-refill", verbosity=0, stdout=io.StringIO())
        from region_migrate import full_create

        full_create(args.full)
    with connection.cursor() as cursor:
        synthetic_made = _one(
            cursor, "SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, %s)", [SCHEMA_PREFIX]
        )
        results["before"] = catalog_figures(cursor)
        results["schemas before"] = _one(cursor, "SELECT count(*) FROM pg_namespace")
    if synthetic_made < args.municipalities:
        if synthetic_made:
            raise SystemExit(
                f"[bench] the kept database has {synthetic_made} synthetic schemas, not {args.municipalities}"
            )
        synthetic_stub_region(args.municipalities)
        with connection.cursor() as cursor:
            results["after"] = catalog_figures(cursor)
    else:
        say(f"the kept database has its {synthetic_made} synthetic schemas: no 'before' figures")
        results["after"], results["before"] = results["before"], None
    full = list(
        Municipality.objects.exclude(schema_name__startswith=SCHEMA_PREFIX)
        .exclude(schema_name="public")
        .order_by("pk")
        .values_list("schema_name", flat=True)[: args.full]
    )
    synthetic = sorted(
        Municipality.objects.filter(schema_name__startswith=SCHEMA_PREFIX).values_list("schema_name", flat=True)
    )[: args.municipalities]
    with connection.cursor() as cursor:
        results["full relations"] = schema_relations(cursor, "template_municipality")
        results["synthetic relations"] = schema_relations(cursor, synthetic[0])
        results["full attributes"] = _one(
            cursor,
            """SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                WHERE c.relnamespace = 'template_municipality'::regnamespace
                   OR c.oid IN (SELECT reltoastrelid FROM pg_class
                                 WHERE relnamespace = 'template_municipality'::regnamespace)""",
        )
        results["template MB"] = (
            _one(
                cursor,
                "SELECT sum(pg_total_relation_size(oid)) FROM pg_class "
                "WHERE relnamespace = 'template_municipality'::regnamespace AND relkind IN ('r', 'm')",
            )
            / MB
        )
        results["schemas"] = _one(cursor, "SELECT count(*) FROM pg_namespace")
        results["max_connections"] = int(_one(cursor, "SHOW max_connections"))
        results["max_locks_per_transaction"] = int(_one(cursor, "SHOW max_locks_per_transaction"))
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r' ORDER BY relname",
            [synthetic[0]],
        )
        stubs = [r[0] for r in cursor.fetchall()]
    results["synthetic count"], results["full count"] = len(synthetic), len(full)
    results["memory synthetic"] = memory_synthetic(synthetic, stubs[: args.tables])
    results["memory full"] = memory_full(full)
    results["connections"] = connections_count(args)
    return results


def _memory_line(label: str, memory: dict[str, float]) -> str:
    rss = f"{memory['VmRSS']:8.1f} {memory['RssAnon']:8.1f}" if "VmRSS" in memory else f"{'n/a':>8} {'n/a':>8}"
    return f"{label:<44}{rss} {memory['contexts']:9.1f} {memory['cache']:8.1f}"


def report(results: dict[str, Any], args: argparse.Namespace, load: tuple[float, float, float]) -> None:
    print(
        f"{results['schemas']} schemas: {results['synthetic count']} synthetic municipalities (stub tables), "
        f"{results['full count']} full ones measured; load average at the start {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f}"
    )
    print(
        f"relations a schema: full {results['full relations']} (the template, {results['template MB']:.1f} MB), "
        f"synthetic {results['synthetic relations']}; pg_attribute rows of a full schema {results['full attributes']}"
    )
    print(f"\n{'catalog':<22}{'before':>12}{'after':>12}{'a synthetic schema':>22}")
    before, after = results["before"], results["after"]
    for name, value in after.items():
        if before is None:  # a kept database: the average over every schema instead
            print(f"{name:<22}{'':>12}{value:>12.1f}{value / results['schemas']:>22.3f} (average)")
            continue
        per = (value - before[name]) / results["synthetic count"]
        print(f"{name:<22}{before[name]:>12.1f}{value:>12.1f}{per:>22.3f}")
    print(f"\n{'one server process':<44}{'VmRSS':>8} {'RssAnon':>8} {'contexts':>9} {'cache':>8}  (MB)")
    for count, memory in results["memory synthetic"]:
        print(_memory_line(f"after {count} synthetic schemas × {args.tables} tables", memory))
    for count, memory in results["memory full"]:
        print(_memory_line(f"after every table of {count} full schema(s)", memory))
    full = results["memory full"]
    if len(full) > 1:
        per_full = (full[-1][1]["contexts"] - full[0][1]["contexts"]) / (len(full) - 1)
        print(f"  a full schema's tables cost a process ≈ {per_full:.1f} MB of its memory contexts")
    print(f"\n{'connections':<70}{'primary':>8}{'replica':>8}")
    primary = replica = 0
    for label, on_primary, on_replica in results["connections"]:
        primary, replica = primary + on_primary, replica + on_replica
        print(f"{label:<70}{on_primary:>8}{on_replica:>8}")
    print(f"{'total (max_connections ' + str(results['max_connections']) + ')':<70}{primary:>8}{replica:>8}")
    worst = results["memory synthetic"][-1][1]["contexts"]
    print(
        f"  {primary} processes that each touched {results['memory synthetic'][-1][0]} schemas: "
        f"≈ {primary * worst:.0f} MB of backend memory contexts; max_locks_per_transaction "
        f"{results['max_locks_per_transaction']}"
    )


def main() -> int:
    args = parse_args()
    load = os.getloadavg()
    results = harness.run(args, lambda: bench(args))
    report(results, args, load)
    return 0


if __name__ == "__main__":
    sys.exit(main())
