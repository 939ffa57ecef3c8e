"""Migrating every municipality's schema when there are thousands of them.

django-tenants' ``migrate_schemas`` runs Django's ``migrate`` in every schema in turn: about half
a second per schema even with nothing to apply (loading the migration graph, the post-migrate
signal), twenty minutes of a deploy at 2,500 schemas. Here:

* every schema's applied migrations are read in a few queries (``REGION_MIGRATE_READ_CHUNK``
  schemas each, as one digest per schema) and compared with the template's, which
  ``region_migrate`` has just migrated to the code's migrations: a schema with the same digest
  is at the target and is skipped;
* the others, grouped by digest, are brought to the target by each group's migrations written
  as SQL once and run in each schema in one transaction (``migration_replay``), or, where a
  migration is not SQL alone (``RunPython``) or a replay fails, by Django's ``migrate``; in
  ``REGION_MIGRATE_PROCESSES`` processes, each schema on its own, a failure recorded without
  stopping the rest;
* a municipality whose schema failed is put behind the maintenance page (503, not a 500 on the
  first table it lacks) until a later run migrates it; one at the target again leaves it.
"""

from __future__ import annotations

import io
import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from psycopg import sql

from tenants.municipalities.migration_replay import ReplayScript, replay_scripts, schema_replay
from tenants.municipalities.models import Municipality
from tenants.municipalities.services import municipality_maintenance_end, municipality_maintenance_start

# Schemas per digest query: each one locks every schema's django_migrations table and its index
# until it ends, and max_locks_per_transaction (64 × connections by default) bounds them.
REGION_MIGRATE_READ_CHUNK = 500


@dataclass(frozen=True)
class SchemaOutcome:
    schema_name: str
    ok: bool
    seconds: float
    error: str = ""
    replayed: bool = False  # by the group's SQL, not by Django's migrate


def _digest_select(schema: str) -> sql.Composed:
    return sql.SQL(
        "SELECT {name}::text, md5(string_agg(app || '.' || name, ',' ORDER BY app, name)) FROM {table}"
    ).format(name=sql.Literal(schema), table=sql.Identifier(schema, "django_migrations"))


def migration_digests(schemas: Sequence[str]) -> dict[str, str | None]:
    """Each schema's applied migrations as one digest; None where it has no ``django_migrations``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [list(schemas)],
        )
        with_table = {row[0] for row in cursor.fetchall()}
    digests: dict[str, str | None] = dict.fromkeys(schemas)
    readable = [s for s in schemas if s in with_table]
    for first in range(0, len(readable), REGION_MIGRATE_READ_CHUNK):
        chunk = readable[first : first + REGION_MIGRATE_READ_CHUNK]
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL(" UNION ALL ").join(_digest_select(s) for s in chunk))
            digests.update(dict(cursor.fetchall()))
    return digests


def schema_groups_behind(schemas: Sequence[str], *, reference: str) -> dict[str | None, list[str]]:
    """The ``schemas`` whose applied migrations are not exactly ``reference``'s (the template), by
    their digest (None: no ``django_migrations`` table), in the order given."""
    target = migration_digests([reference])[reference]
    if target is None:
        raise RuntimeError(f"schema {reference!r} has no migrations: migrate it first")
    groups: dict[str | None, list[str]] = {}
    for schema, digest in migration_digests(schemas).items():
        if digest != target:
            groups.setdefault(digest, []).append(schema)
    return groups


def schemas_behind(schemas: Sequence[str], *, reference: str) -> list[str]:
    """The ``schemas`` whose applied migrations are not exactly ``reference``'s (the template)."""
    behind = {s for group in schema_groups_behind(schemas, reference=reference).values() for s in group}
    return [s for s in schemas if s in behind]


def replay_plan(schemas: Sequence[str], *, reference: str) -> dict[str, ReplayScript | None]:
    """Each schema behind ``reference`` with the SQL that brings it there (None: Django's ``migrate``)."""
    groups = schema_groups_behind(schemas, reference=reference)
    readable = [group for digest, group in groups.items() if digest is not None]
    scripts = dict(zip((g[0] for g in readable), replay_scripts(readable, reference=reference), strict=True))
    return {schema: scripts.get(group[0]) for group in groups.values() for schema in group}


def schema_migrate(schema_name: str) -> SchemaOutcome:
    """Run the migrations of one municipality's schema (in this process); never raises."""
    started = time.perf_counter()
    output = io.StringIO()
    try:
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=schema_name,
            interactive=False,
            verbosity=0,
            stdout=output,
            stderr=output,
        )
    except Exception as error:
        connection.close()  # whatever state the failed migration left the session in
        lines = [*output.getvalue().splitlines()[-5:], *traceback.format_exception_only(error)]  # what it applied
        return SchemaOutcome(schema_name, False, time.perf_counter() - started, "\n".join(lines).strip())
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    return SchemaOutcome(schema_name, True, time.perf_counter() - started)


def schema_upgrade(task: tuple[str, ReplayScript | None]) -> SchemaOutcome:
    """One schema by its group's SQL, or by Django's ``migrate`` (no SQL, or the SQL failed)."""
    schema_name, script = task
    if script is not None:
        started = time.perf_counter()
        try:
            schema_replay(schema_name, script)
        except Exception:  # rolled back whole; Django's migrate tries and reports its error
            if not connection.in_atomic_block:  # a worker: whatever state the failure left the session in
                connection.close()
        else:
            return SchemaOutcome(schema_name, True, time.perf_counter() - started, replayed=True)
        finally:
            connection.set_schema_to_public()  # type: ignore[attr-defined]
    return schema_migrate(schema_name)


def schemas_migrate(
    schemas: Sequence[str],
    *,
    processes: int | None = None,
    scripts: Mapping[str, ReplayScript | None] | None = None,
) -> Iterator[SchemaOutcome]:
    """Migrate ``schemas`` (by ``scripts[schema]`` where there is one, see ``replay_plan``),
    yielding each outcome as it comes (in no particular order).

    With more than one process the schemas are shared out to forked workers (the parent's
    connections are closed first: a forked child must not use its parent's socket); with one, or
    inside a transaction (tests), they are migrated here in turn.
    """
    tasks = [(schema, (scripts or {}).get(schema)) for schema in schemas]
    processes = min(processes or settings.REGION_MIGRATE_PROCESSES, len(schemas))
    if processes <= 1 or connection.in_atomic_block:
        for task in tasks:
            yield schema_upgrade(task)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    # A replay takes milliseconds: sent in chunks, they spare the pool's round trips.
    chunksize = 1 if any(script is None for _schema, script in tasks) else 20
    with context.Pool(processes=processes) as pool:
        yield from pool.imap_unordered(schema_upgrade, tasks, chunksize=chunksize)


@dataclass
class RegionMigrationReport:
    total: int
    skipped: int
    outcomes: list[SchemaOutcome]

    @property
    def failed(self) -> list[SchemaOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def replayed(self) -> int:
        return sum(o.replayed for o in self.outcomes)


def municipalities_migrate(
    *,
    reference: str,
    processes: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    replay: bool = True,
) -> RegionMigrationReport:
    """Bring every municipality's schema to ``reference``'s migrations (the template's, migrated
    first) — by the pending migrations' SQL where it can (``replay``), by Django's ``migrate``
    elsewhere; mark the failed ones for maintenance, unmark those at the target.
    ``progress(done, pending, failed)`` is called after each schema."""
    municipalities = {m.schema_name: m for m in Municipality.objects.exclude(schema_name="public")}
    if replay:
        scripts = replay_plan(sorted(municipalities), reference=reference)
        pending = sorted(scripts)
    else:
        scripts, pending = {}, schemas_behind(sorted(municipalities), reference=reference)
    outcomes: list[SchemaOutcome] = []
    failed = 0
    for outcome in schemas_migrate(pending, processes=processes, scripts=scripts):
        outcomes.append(outcome)
        failed += not outcome.ok
        if progress:
            progress(len(outcomes), len(pending), failed)
    broken = {o.schema_name: o.error for o in outcomes if not o.ok}
    for schema_name, municipality in municipalities.items():
        if schema_name in broken:
            municipality_maintenance_start(municipality=municipality, reason=broken[schema_name], acting_user=None)
        elif municipality.in_maintenance:
            municipality_maintenance_end(municipality=municipality, acting_user=None)
    skipped = len(municipalities) - len(pending)
    return RegionMigrationReport(total=len(municipalities), skipped=skipped, outcomes=outcomes)
