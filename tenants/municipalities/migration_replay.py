"""A release's migrations written as SQL once, then run in every schema that is behind by them.

Django's ``migrate`` in one schema loads the migration graph and renders the models' state of
every migration before it runs one statement: CPU seconds a schema, hours at 2,500 schemas for a
trivial column. Schemas with the same applied migrations (the same digest) need the same
statements, so for each such group the statements are collected once, as ``sqlmigrate`` does
(Django's own ``collect_sql``, with the group's first schema as the connection's schema: the
router then sees a tenant schema, and an operation that looks at the database looks at one in the
group's state), and each schema of the group runs them in one transaction together with its
``django_migrations`` rows: all of a schema's migrations or none.

A group is left to Django's ``migrate`` when any pending migration is not written as SQL alone: a
``RunPython`` the router lets run in a municipality's schema (at any depth of
``SeparateDatabaseAndState``; a shared app's runs in the public schema only), a non-atomic migration (``CREATE
INDEX CONCURRENTLY`` cannot run in a transaction), or a plan whose migrations are not exactly the
rows the reference schema (the template) holds beyond the group's. A schema whose replay fails is
rolled back and handed to Django's ``migrate`` too, whose error is the one reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.special import SeparateDatabaseAndState
from django_tenants.utils import schema_context
from psycopg import sql

AppliedMigration = tuple[str, str]


@dataclass(frozen=True)
class ReplayScript:
    """What brings a schema from one set of applied migrations to the reference's."""

    statements: tuple[str, ...]
    records: tuple[AppliedMigration, ...]  # rows added to django_migrations, in plan order


def applied_migrations(schema: str) -> set[AppliedMigration]:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT app, name FROM {}").format(sql.Identifier(schema, "django_migrations")))
        return {(app, name) for app, name in cursor.fetchall()}


def written_as_sql(operations: Iterable[Operation], *, app_label: str) -> bool:
    """Whether ``operations`` do nothing in the connection's schema but SQL. A ``RunPython`` the
    router keeps out of it (a shared app's data migration, in a municipality's schema) does
    nothing there: Django's ``migrate`` skips it too."""
    for operation in operations:
        hints = getattr(operation, "hints", {})  # RunPython's and RunSQL's
        if not operation.reduces_to_sql and router.allow_migrate(connection.alias, app_label, **hints):
            return False
        if isinstance(operation, SeparateDatabaseAndState) and not written_as_sql(
            operation.database_operations, app_label=app_label
        ):
            return False
    return True


def _recorded_as(migration: Migration) -> list[AppliedMigration]:
    """The rows Django's executor records for an applied migration (a squash records what it replaces)."""
    return list(migration.replaces) if migration.replaces else [(migration.app_label, migration.name)]


def _executable(statement: str) -> bool:
    """``collect_sql`` puts each operation's description between comment lines: those are not run."""
    return any(line.strip() and not line.lstrip().startswith("--") for line in statement.splitlines())


def replay_script(representative: str, *, target: set[AppliedMigration]) -> ReplayScript | None:
    """The SQL bringing ``representative`` (and every schema with its applied migrations) to
    ``target``, or None when it cannot be written as SQL alone."""
    with schema_context(representative):
        executor = MigrationExecutor(connection)
        executor.loader.check_consistent_history(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan or any(backwards for _migration, backwards in plan):
            return None
        migrations = [migration for migration, _backwards in plan]
        if any(not m.atomic or not written_as_sql(m.operations, app_label=m.app_label) for m in migrations):
            return None
        records = [row for migration in migrations for row in _recorded_as(migration)]
        applied = applied_migrations(representative)  # the rows (the loader adds squashes it deduces)
        if len(set(records)) != len(records) or applied | set(records) != target or applied & set(records):
            return None
        statements = executor.loader.collect_sql(plan)  # type: ignore[attr-defined]  # not in django-stubs 5.2
    return ReplayScript(tuple(s for s in statements if _executable(s)), tuple(records))


def schema_replay(schema: str, script: ReplayScript) -> None:
    """Run ``script`` in ``schema`` and record its migrations, in one transaction; raises on failure
    (nothing of it stays)."""
    with schema_context(schema), transaction.atomic(), connection.cursor() as cursor:
        for statement in script.statements:
            cursor.execute(statement)
        record = sql.SQL(
            "INSERT INTO {} (app, name, applied) "
            "SELECT app, name, now() FROM unnest(%s::text[], %s::text[]) AS r (app, name)"
        ).format(sql.Identifier(schema, "django_migrations"))
        cursor.execute(record, [[app for app, _ in script.records], [name for _, name in script.records]])


def replay_scripts(groups: Sequence[Sequence[str]], *, reference: str) -> list[ReplayScript | None]:
    """One script per group of schemas with the same applied migrations (None: Django's ``migrate``)."""
    target = applied_migrations(reference)
    scripts: list[ReplayScript | None] = []
    for group in groups:
        try:
            scripts.append(replay_script(group[0], target=target))
        except Exception:  # e.g. an inconsistent history: Django's migrate reports it per schema
            connection.set_schema_to_public()  # type: ignore[attr-defined]
            scripts.append(None)
    return scripts
