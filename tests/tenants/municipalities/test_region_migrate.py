"""``region_migrate`` at scale: schemas at the target skipped, the rest migrated in parallel
processes, one schema's failure recorded without stopping the others, its site on the
maintenance page (503) until a later run migrates it."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from audit.models import AuditEntry
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
    assert "2 migrated" not in message and "1 migrated, 1 failed" in message
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
