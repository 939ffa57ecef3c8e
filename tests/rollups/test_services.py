"""Roll-up writes: upserts of just the named columns, from any schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from rollups.models import MunicipalityYearRollup, PlanStatus
from rollups.rebuild import rollup_rebuilder_register, rollups_rebuild, schemas_union
from rollups.services import rollup_write


def test_a_first_write_creates_the_row_with_defaults_for_the_other_columns(muni_a):
    with tenant_context(muni_a):
        rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=7)
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year="2025/2026")
    assert row.plan_items_total == 7
    assert row.events_held == 0 and row.plan_status == PlanStatus.NONE
    assert row.last_activity_at is not None


def test_writes_of_different_columns_keep_each_other(muni_a):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_done=3)
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", events_held=5)
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_done=4)
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year="2025/2026")
    assert (row.plan_items_done, row.events_held) == (4, 5)
    assert MunicipalityYearRollup.objects.filter(municipality=muni_a).count() == 1


def test_an_unknown_column_is_refused(muni_a):
    with pytest.raises(ValueError, match="not roll-up columns"):
        rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", municipality_id_typo=1)


def test_schemas_union_reads_every_schema_in_one_query(muni_a, muni_b):
    query = schemas_union(
        "SELECT {municipality_id} AS municipality_id, count(*) AS pages FROM {schema}.wagtailcore_page",
        [muni_a, muni_b],
    )
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        cursor.execute(query)
        rows = dict(cursor.fetchall())
    assert len([q for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")]) == 1
    assert set(rows) == {muni_a.pk, muni_b.pk} and all(count > 1 for count in rows.values())


def test_rebuild_runs_the_registered_rebuilders_with_every_municipality(muni_a, muni_b):
    seen: list[str] = []
    rollup_rebuilder_register("test-probe", lambda municipalities: seen.extend(m.slug for m in municipalities))
    results = rollups_rebuild(names=["test-probe"])
    assert [r.name for r in results] == ["test-probe"]
    assert {"test-alpha", "test-beta"} <= set(seen)
    with pytest.raises(ValueError, match="unknown"):
        rollups_rebuild(names=["no-such"])


def test_rebuild_hands_the_municipalities_over_in_chunks(muni_a, muni_b, monkeypatch):
    import rollups.rebuild

    calls: list[list[str]] = []
    monkeypatch.setattr(rollups.rebuild, "REBUILD_CHUNK", 1)
    rollup_rebuilder_register("test-chunks", lambda municipalities: calls.append([m.slug for m in municipalities]))
    rollups_rebuild(names=["test-chunks"])
    assert all(len(chunk) == 1 for chunk in calls)
    assert {"test-alpha", "test-beta"} <= {slug for chunk in calls for slug in chunk}


def test_a_failing_rebuild_chunk_is_rolled_back_and_recorded_and_the_others_run(muni_a, muni_b, monkeypatch):
    from rollups import rebuild
    from tenants.municipalities.models import FanOutRun

    seen: list[str] = []

    def rebuilder(municipalities):
        for municipality in municipalities:
            if municipality.pk == muni_a.pk:
                raise RuntimeError("broken schema")
            seen.append(municipality.schema_name)

    monkeypatch.setattr(rebuild, "REBUILD_CHUNK", 1)
    monkeypatch.setitem(rebuild._REBUILDERS, "test_failing", rebuilder)
    (result,) = rebuild.rollups_rebuild(names=["test_failing"])
    assert result.failed == 1 and muni_b.schema_name in seen  # B ran although A's chunk failed
    run = FanOutRun.objects.get(name="rollups.test_failing")
    assert (run.failed, run.succeeded, run.total) == (1, run.total - 1, len(rebuild.rollup_municipalities()))
    assert run.finished_at is not None and "broken schema" in next(iter(run.failures.values()))
