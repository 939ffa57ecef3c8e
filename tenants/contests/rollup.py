"""Teachers' contests in the region's roll-ups: written with every change, rebuilt from the schemas.

One SQL text counts a schema per (year, stage): the municipal stage counts the admitted
applications and, once published, its winners, prize-winners and those who go on; the regional
and federal stages count the results entered as the region reported them. The incremental refresh
runs it for the municipality in use inside the change's transaction; the rebuilder ``contests``
runs it for every municipality with ``schemas_union``. Both write through ``_write``, so a rebuild
equals the incremental rows (a test checks it). Numbers only: no teacher leaves the schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from rollups.models import ContestRollup
from rollups.rebuild import schemas_union
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250

_SELECT = """(
SELECT {municipality_id} AS municipality_id, c.academic_year, 'municipal' AS level, count(*),
       count(*) FILTER (WHERE r.result = 'winner'),
       count(*) FILTER (WHERE r.result = 'prize_winner'),
       count(*) FILTER (WHERE r.advances)
  FROM {schema}.contests_application a
  JOIN {schema}.contests_contest c ON c.id = a.contest_id
  LEFT JOIN {schema}.contests_stageresult r ON r.application_id = a.id AND r.level = 'municipal'
 WHERE a.status = 'accepted'
 GROUP BY c.academic_year
UNION ALL
SELECT {municipality_id}, c.academic_year, r.level, count(*),
       count(*) FILTER (WHERE r.result = 'winner'),
       count(*) FILTER (WHERE r.result = 'prize_winner'),
       count(*) FILTER (WHERE r.advances)
  FROM {schema}.contests_stageresult r
  JOIN {schema}.contests_application a ON a.id = r.application_id
  JOIN {schema}.contests_contest c ON c.id = a.contest_id
 WHERE r.level <> 'municipal'
 GROUP BY c.academic_year, r.level
)"""


def _fetch(municipalities: Sequence[Municipality]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for first in range(0, len(municipalities), UNION_CHUNK):
            cursor.execute(schemas_union(_SELECT, municipalities[first : first + UNION_CHUNK]))
            rows.extend(cursor.fetchall())
    return rows


def _write(municipalities: Sequence[Municipality]) -> None:
    rows = _fetch(municipalities)
    ContestRollup.objects.filter(municipality_id__in=[m.pk for m in municipalities]).delete()
    ContestRollup.objects.bulk_create(
        [
            ContestRollup(
                municipality_id=row[0],
                academic_year=AcademicYear(row[1]).label,
                level=row[2],
                participants=row[3],
                winners=row[4],
                prize_winners=row[5],
                advanced=row[6],
            )
            for row in rows
        ],
        batch_size=2000,
    )


def contest_rollup_refresh() -> None:
    """Recount the municipality in use and write its rows, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    # Changes of one municipality take turns (to the end of the transaction), so none is lost.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"contest-rollup:{schema_active()}"])
    _write([municipality])


def contest_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder ``contests``: every municipality's rows from its schema."""
    if municipalities:
        _write(municipalities)
