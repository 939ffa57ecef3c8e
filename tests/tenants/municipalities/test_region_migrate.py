"""``region_migrate`` at scale: schemas at the target skipped, the rest migrated in parallel
processes, one schema's failure recorded without stopping the others, its site on the
maintenance page (503) until a later run migrates it."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, migrations
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from tenants.municipalities.migration_replay import applied_migrations, replay_script, written_as_sql
from tenants.municipalities.models import Municipality
from tenants.municipalities.region_migration import municipalities_migrate, schemas_behind
from tenants.municipalities.services import municipality_maintenance_end, municipality_maintenance_start
from tests.conftest import TEST_MUNICIPALITIES

TEMPLATE = "template_municipality"
# A migration nothing depends on, whose operation is idempotent (it seeds missing rows only):
# forgetting it in a schema makes the schema "behind" without breaking the migration history.
SEED = ("quality", "0002_criteria_seed")
SEED_TABLE = "quality_observationcriterion"


def _forget_seed(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(SEED))  # noqa: S608 - test schema names


def _seed_recorded(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(SEED))  # noqa: S608 - test schema names
        return cursor.fetchone()[0] == 1


def test_schemas_at_the_template_migrations_are_skipped(muni_a, muni_b):
    schemas = [muni_a.schema_name, muni_b.schema_name]
    assert schemas_behind(schemas, reference=TEMPLATE) == []
    _forget_seed(muni_b.schema_name)  # rolled back with the test
    assert schemas_behind(schemas, reference=TEMPLATE) == [muni_b.schema_name]
    with connection.cursor() as cursor:  # a schema with no migrations table at all is behind too
        cursor.execute("CREATE SCHEMA m_no_migrations")
    assert schemas_behind(["m_no_migrations", *schemas], reference=TEMPLATE) == ["m_no_migrations", muni_b.schema_name]


def test_a_schema_in_maintenance_answers_503_in_russian_and_the_region_still_answers(muni_a, muni_b, host_client):
    municipality_maintenance_start(municipality=muni_a, reason="relation does not exist", acting_user=None)
    response = host_client(Municipality.objects.get(pk=muni_a.pk)).get("/")
    assert response.status_code == 503 and response["Retry-After"] == "600"
    assert "Идут технические работы" in response.content.decode()
    assert host_client(muni_b).get("/").status_code == 200  # another municipality is not affected
    connection.set_schema_to_public()  # the client left the connection in B's schema
    assert AuditEntry.objects.filter(action="municipality.maintenance_start", municipality=muni_a).count() == 1
    municipality_maintenance_end(municipality=Municipality.objects.get(pk=muni_a.pk), acting_user=None)
    assert host_client(muni_a).get("/").status_code == 200


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """Autocommit, outside any test transaction: forked workers see only committed schemas."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


@pytest.fixture
def broken_seed(committed: None) -> Iterator[tuple[Municipality, Municipality]]:
    """Both test municipalities behind by the seed; in A its table is gone, so A's migration fails.
    Everything is put back afterwards, whatever the test did."""
    muni_a = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
    muni_b = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
    for municipality in (muni_a, muni_b):
        _forget_seed(municipality.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{muni_a.schema_name}".{SEED_TABLE} RENAME TO hidden_for_the_test')
    try:
        yield muni_a, muni_b
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = 'hidden_for_the_test'",
                [muni_a.schema_name],
            )
            if cursor.fetchone():
                cursor.execute(f'ALTER TABLE "{muni_a.schema_name}".hidden_for_the_test RENAME TO {SEED_TABLE}')
        for municipality in (muni_a, muni_b):
            if not _seed_recorded(municipality.schema_name):
                with connection.cursor() as cursor:
                    cursor.execute(
                        f'INSERT INTO "{municipality.schema_name}".django_migrations (app, name, applied) '  # noqa: S608
                        "VALUES (%s, %s, now())",
                        list(SEED),
                    )
        Municipality.objects.filter(pk__in=[muni_a.pk, muni_b.pk]).update(maintenance_since=None, maintenance_reason="")
        AuditEntry.objects.filter(action__startswith="municipality.maintenance").delete()


def test_one_failing_schema_leaves_the_others_migrated_and_is_marked_for_maintenance(broken_seed):
    muni_a, muni_b = broken_seed
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("region_migrate", "--no-refill", "--processes=2", verbosity=1, stderr=stderr)
    message = str(raised.value)
    # Both ran (the second in another process), one failed, and the run said so at the end.
    # The seed is a RunPython: Django's migrate ran it, no SQL was replayed.
    assert "2 migrated" not in message and "1 migrated (0 by their SQL replayed), 1 failed" in message
    assert muni_a.schema_name in message and SEED_TABLE in message
    assert "2/2 schemas migrated, 1 failed" in stderr.getvalue()  # the progress line
    assert _seed_recorded(muni_b.schema_name)
    with schema_context(muni_b.schema_name), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {SEED_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] > 0
    assert not _seed_recorded(muni_a.schema_name)
    a = Municipality.objects.get(pk=muni_a.pk)
    assert a.in_maintenance and SEED_TABLE in a.maintenance_reason
    assert not Municipality.objects.get(pk=muni_b.pk).in_maintenance
    response = Client(HTTP_HOST=a.default_hostname).get("/")
    assert response.status_code == 503 and "Идут технические работы" in response.content.decode()

    # Repaired, the next run migrates A alone (B is at the target) and takes it off maintenance.
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{muni_a.schema_name}".hidden_for_the_test RENAME TO {SEED_TABLE}')
    report = municipalities_migrate(reference=TEMPLATE, processes=2)
    assert [(o.schema_name, o.ok) for o in report.outcomes] == [(muni_a.schema_name, True)]
    assert report.skipped == report.total - 1
    assert not Municipality.objects.get(pk=muni_a.pk).in_maintenance
    assert Client(HTTP_HOST=a.default_hostname).get("/").status_code == 200
    actions = list(AuditEntry.objects.filter(municipality=a).values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["municipality.maintenance_start", "municipality.maintenance_end"]


# --- A release's migrations replayed as SQL -------------------------------------------------------

RELEASE = ("events", "0900_replay_note")
RELEASE_INDEX = "events_event_replay_note_idx"


def _release_migrations(root: Path) -> str:
    """``tenants.events.migrations`` plus one migration a release could bring: a column, an index on
    it and a RunSQL, importable as a package of its own (MIGRATION_MODULES); the repository is not
    touched."""
    import tenants.events.migrations as events_migrations

    package = root / "replay_events_migrations"
    shutil.copytree(Path(events_migrations.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    leaf = sorted(p.stem for p in package.glob("0*.py"))[-1]
    (package / f"{RELEASE[1]}.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = [('events', '{leaf}')]\n"
        "    operations = [\n"
        "        migrations.AddField(\n"
        "            'event', 'replay_note', models.CharField(max_length=20, blank=True, default='')\n"
        "        ),\n"
        f"        migrations.AddIndex('event', models.Index(fields=['replay_note'], name='{RELEASE_INDEX}')),\n"
        "        migrations.RunSQL(\n"
        "            \"COMMENT ON COLUMN events_event.replay_note IS '100% replayed'\", migrations.RunSQL.noop\n"
        "        ),\n"
        "    ]\n"
    )
    return "replay_events_migrations"


def _column(schema: str) -> list[tuple]:
    """The release's column and index in ``schema``, as the catalogue describes them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type, character_maximum_length, is_nullable, column_default, "
            "col_description(format('%%I.events_event', table_schema)::regclass, ordinal_position::int) "
            "FROM information_schema.columns WHERE table_schema = %s AND table_name = 'events_event' "
            "AND column_name = 'replay_note'",
            [schema],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT replace(indexdef, %s, 'S.') FROM pg_indexes WHERE schemaname = %s AND indexname = %s",
            [f"{schema}.", schema, RELEASE_INDEX],
        )
        return columns + cursor.fetchall()


def _release_undo(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX IF EXISTS "{schema}".{RELEASE_INDEX}')
        cursor.execute(f'ALTER TABLE "{schema}".events_event DROP COLUMN IF EXISTS replay_note')
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', list(RELEASE))  # noqa: S608 - test schema names


@pytest.fixture
def release(committed: None, tmp_path: Path) -> Iterator[list[Municipality]]:
    """The release's migration applied to the template by Django's migrate; the municipalities are
    behind by it. Undone everywhere afterwards, whatever the test did."""
    module = _release_migrations(tmp_path)
    sys.path.insert(0, str(tmp_path))
    municipalities = list(Municipality.objects.exclude(schema_name="public").order_by("schema_name"))
    try:
        with override_settings(MIGRATION_MODULES={"events": module}):
            call_command("migrate_schemas", tenant=True, schema_name=TEMPLATE, interactive=False, verbosity=0)
            connection.set_schema_to_public()
            yield municipalities
    finally:
        connection.set_schema_to_public()
        sys.path.remove(str(tmp_path))
        sys.modules.pop(module, None)
        for schema in [TEMPLATE, *(m.schema_name for m in municipalities)]:
            _release_undo(schema)
        with connection.cursor() as cursor:  # region_migrate's public migrate records it there too
            cursor.execute("DELETE FROM public.django_migrations WHERE app = %s AND name = %s", list(RELEASE))
            cursor.execute(f'DROP INDEX IF EXISTS "{municipalities[-1].schema_name}".events_event_in_the_way')
        Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).update(
            maintenance_since=None, maintenance_reason=""
        )
        AuditEntry.objects.filter(action__startswith="municipality.maintenance").delete()


def test_a_release_is_replayed_as_its_sql_in_every_schema_behind_in_parallel_processes(release):
    schemas = [m.schema_name for m in release]
    assert schemas_behind(schemas, reference=TEMPLATE) == schemas
    expected = _column(TEMPLATE)
    assert expected and "100% replayed" in expected[0][4]  # what Django's migrate made in the template
    report = municipalities_migrate(reference=TEMPLATE, processes=2)
    assert sorted((o.schema_name, o.ok, o.replayed) for o in report.outcomes) == [(s, True, True) for s in schemas]
    assert report.replayed == len(schemas) and schemas_behind(schemas, reference=TEMPLATE) == []
    for schema in schemas:  # each schema got it once, in its own tables, as Django made it in the template
        assert _column(schema) == expected
        assert applied_migrations(schema) == applied_migrations(TEMPLATE)
    # A municipality's own data under the new column: readable in its schema.
    with schema_context(schemas[0]), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM events_event WHERE replay_note <> ''")
        assert cursor.fetchone()[0] == 0
    # Without the replay (--no-replay), Django's migrate makes the same.
    _release_undo(schemas[0])
    report = municipalities_migrate(reference=TEMPLATE, processes=1, replay=False)
    assert [(o.schema_name, o.ok, o.replayed) for o in report.outcomes] == [(schemas[0], True, False)]
    assert _column(schemas[0]) == expected


def test_a_replay_that_fails_in_one_schema_leaves_nothing_there_and_django_reports_why(release):
    schemas = [m.schema_name for m in release]
    broken = schemas[-1]
    with connection.cursor() as cursor:  # the release's index name is taken there: its second statement fails
        cursor.execute(f'CREATE INDEX {RELEASE_INDEX} ON "{broken}".events_event (id)')
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("region_migrate", "--no-refill", "--processes=2", verbosity=1, stderr=stderr)
    message = str(raised.value)
    assert f"{len(schemas) - 1} migrated ({len(schemas) - 1} by their SQL replayed), 1 failed" in message
    assert broken in message and RELEASE_INDEX in message  # Django's migrate tried it too and said why
    with connection.cursor() as cursor:  # the column of the first statement did not stay, nor the rows
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = 'events_event' AND column_name = 'replay_note'",
            [broken],
        )
        assert cursor.fetchone()[0] == 0
    assert RELEASE not in applied_migrations(broken)
    assert Municipality.objects.get(schema_name=broken).in_maintenance
    assert all(not Municipality.objects.get(schema_name=s).in_maintenance for s in schemas[:-1])
    # Repaired, the next run replays it there alone.
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER INDEX "{broken}".{RELEASE_INDEX} RENAME TO events_event_in_the_way')
    report = municipalities_migrate(reference=TEMPLATE, processes=2)
    assert [(o.schema_name, o.ok, o.replayed) for o in report.outcomes] == [(broken, True, True)]
    assert _column(broken) == _column(TEMPLATE) and not Municipality.objects.get(schema_name=broken).in_maintenance


def test_a_migration_that_is_not_sql_alone_is_left_to_djangos_migrate(muni_a):
    def noop(apps, schema_editor):  # pragma: no cover - never run
        pass

    with schema_context(muni_a.schema_name):  # the router as it is in a municipality's schema
        assert written_as_sql([migrations.RunSQL("SELECT 1"), migrations.DeleteModel("event")], app_label="events")
        assert not written_as_sql([migrations.RunPython(noop)], app_label="events")
        hidden = migrations.SeparateDatabaseAndState(database_operations=[migrations.RunPython(noop)])
        assert not written_as_sql([hidden], app_label="events")
        # A shared app's data migration runs in the public schema only: nothing of it here.
        assert written_as_sql([migrations.RunPython(noop), hidden], app_label="accounts")
    # The seed (a RunPython) forgotten in A: A's group gets no script, the migrate does it.
    _forget_seed(muni_a.schema_name)  # rolled back with the test
    assert replay_script(muni_a.schema_name, target=applied_migrations(TEMPLATE)) is None
    # At the target already: nothing to replay either.
    assert replay_script("template_municipality", target=applied_migrations(TEMPLATE)) is None
