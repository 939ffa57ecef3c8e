"""The development columns of the region's roll-ups, and their rebuilder (``development``).

One SQL text counts a schema's numbers; the incremental refresh runs it for the municipality in
use inside the transaction of every change (so the institute's view moves with the change), and
the rebuilder runs it for every municipality at once with ``schemas_union``. Both write the same
numbers by construction, and a test checks it.

``MunicipalityYearRollup`` (the current academic year's row): teachers_total, pd_up_to_date,
pd_due_soon, pd_overdue (273-ФЗ art. 47, see ``periodicity``), teachers_diagnosed (with at least
one diagnostic), deficits_open, routes_total and routes_completed (routes not cancelled),
route_steps_total and route_steps_done (steps not cancelled, of routes not cancelled),
development_updated_at. ``CompetenceAreaRollup``: per competence area, teachers with an open
deficit and open / closed deficits — numbers and the area's name, never a teacher's.

The PD columns change with the calendar alone (a course done three years ago today falls
overdue tomorrow, without any write). The rebuilder must therefore run nightly — ``manage.py
rollups_rebuild development`` or the task ``tenants.development.tasks.development_rollups_rebuild``
— and it is what keeps ``pd_overdue`` and ``pd_due_soon`` current between changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from rollups.models import CompetenceAreaRollup, MunicipalityYearRollup
from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.development.periodicity import pd_status_sql
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

YEAR_COLUMNS = (
    "teachers_total",
    "pd_up_to_date",
    "pd_due_soon",
    "pd_overdue",
    "teachers_diagnosed",
    "deficits_open",
    "routes_total",
    "routes_completed",
    "route_steps_total",
    "route_steps_done",
)


def _year_select(on: datetime.date) -> str:
    # The only values in the text are ISO dates made by pd_status_sql from a date object.
    pd = pd_status_sql(on=on)
    return f"""(
WITH pd AS (
    SELECT t.teaching_since,
           (SELECT max(c.end_date) FROM {{schema}}.development_courserecord c WHERE c.teacher_id = t.id) AS last_end
    FROM {{schema}}.people_teacher t
),
routes AS (SELECT id, status FROM {{schema}}.development_learningroute WHERE status <> 'cancelled'),
steps AS (
    SELECT s.status FROM {{schema}}.development_routestep s JOIN routes r ON r.id = s.route_id
    WHERE s.status <> 'cancelled'
)
SELECT {{municipality_id}} AS municipality_id,
    (SELECT count(*) FROM pd) AS teachers_total,
    (SELECT count(*) FROM pd WHERE {pd["up_to_date"]}) AS pd_up_to_date,
    (SELECT count(*) FROM pd WHERE {pd["due_soon"]}) AS pd_due_soon,
    (SELECT count(*) FROM pd WHERE {pd["overdue"]}) AS pd_overdue,
    (SELECT count(DISTINCT teacher_id) FROM {{schema}}.development_diagnostic) AS teachers_diagnosed,
    (SELECT count(*) FROM {{schema}}.development_deficit WHERE status = 'open') AS deficits_open,
    (SELECT count(*) FROM routes) AS routes_total,
    (SELECT count(*) FROM routes WHERE status = 'completed') AS routes_completed,
    (SELECT count(*) FROM steps) AS route_steps_total,
    (SELECT count(*) FROM steps WHERE status = 'done') AS route_steps_done
)"""  # noqa: S608


_AREAS_SELECT = """(
SELECT {municipality_id} AS municipality_id, a.code, a.name,
    count(DISTINCT d.teacher_id) FILTER (WHERE d.status = 'open') AS teachers_with_deficit,
    count(d.id) FILTER (WHERE d.status = 'open') AS deficits_open,
    count(d.id) FILTER (WHERE d.status = 'closed') AS deficits_closed
FROM {schema}.development_competencearea a
LEFT JOIN {schema}.development_deficit d ON d.area_id = a.id
GROUP BY a.code, a.name
)"""


def _fetch(select: str, municipalities: Sequence[Municipality]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(schemas_union(select, municipalities))
        return list(cursor.fetchall())


def development_counts(
    municipalities: Sequence[Municipality], *, on: datetime.date | None = None
) -> dict[int, dict[str, int]]:
    """The year columns for each municipality (by id), read from their schemas in one query."""
    if not municipalities:
        return {}
    rows = _fetch(_year_select(on or timezone.localdate()), municipalities)
    return {row[0]: dict(zip(YEAR_COLUMNS, row[1:], strict=True)) for row in rows}


def development_area_counts(municipalities: Sequence[Municipality]) -> list[tuple[Any, ...]]:
    """(municipality id, code, name, teachers with an open deficit, open, closed) per area."""
    if not municipalities:
        return []
    return _fetch(_AREAS_SELECT, municipalities)


def _areas_write(rows: list[tuple[Any, ...]], municipality_ids: list[int]) -> None:
    CompetenceAreaRollup.objects.filter(municipality_id__in=municipality_ids).delete()
    CompetenceAreaRollup.objects.bulk_create(
        [
            CompetenceAreaRollup(
                municipality_id=mid,
                area_code=code,
                area_name=name,
                teachers_with_deficit=teachers,
                deficits_open=open_,
                deficits_closed=closed,
            )
            for mid, code, name, teachers, open_, closed in rows
        ],
        batch_size=2000,
    )


def development_rollup_refresh() -> None:
    """Recount the municipality in use and write its roll-ups, in the caller's transaction.

    Changes of one municipality take turns here (an advisory lock held to the end of the
    transaction): a second change waits, then counts with the first one committed, so two
    concurrent changes never leave a count that misses one of them.
    """
    municipality = current_municipality()
    if municipality is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"development-rollup:{schema_active()}"])
    counts = development_counts([municipality])[municipality.pk]
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=AcademicYear.current().label,
        development_updated_at=timezone.now(),
        **counts,
    )
    _areas_write(development_area_counts([municipality]), [municipality.pk])


def teacher_write_receive(sender: type, **kwargs: object) -> None:
    """``audited_write`` of a teacher (or a teachers' import): who is due may have changed."""
    development_rollup_refresh()


def development_rollups_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder ``development``: every municipality's columns and area rows from their schemas."""
    if not municipalities:
        return
    counts = development_counts(municipalities)
    year = AcademicYear.current().label
    now = timezone.now()
    MunicipalityYearRollup.objects.bulk_create(
        [
            MunicipalityYearRollup(municipality_id=mid, academic_year=year, development_updated_at=now, **values)
            for mid, values in counts.items()
        ],
        update_conflicts=True,
        unique_fields=["municipality", "academic_year"],
        update_fields=[*YEAR_COLUMNS, "development_updated_at"],
        batch_size=1000,
    )
    _areas_write(development_area_counts(municipalities), [m.pk for m in municipalities])
