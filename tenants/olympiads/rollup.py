"""The olympiad in the region's roll-ups: written with every change, rebuilt from the schemas.

One SQL text counts a schema per (year, subject, stage): the school stage sums the
organisations' counts, later stages count named participants, winners, prize-winners and those
who go on (the delegation to the next stage). The incremental refresh runs it for the
municipality in use inside the transaction of every change; the rebuilder ``olympiads`` runs it
for every municipality with ``schemas_union``. Both write through ``_write``, so a rebuild equals
the incremental rows (a test checks it). Numbers only: no pupil leaves the municipality's schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from rollups.models import OlympiadRollup
from rollups.rebuild import schemas_union
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250

_SELECT = """(
SELECT {municipality_id} AS municipality_id, o.academic_year, r.subject, r.stage,
    coalesce(c.participants, 0) + coalesce(p.participants, 0),
    coalesce(c.winners, 0) + coalesce(p.winners, 0),
    coalesce(c.prize_winners, 0) + coalesce(p.prize_winners, 0),
    coalesce(p.advanced, 0),
    coalesce(c.organisations, 0) + coalesce(p.organisations, 0)
FROM {schema}.olympiads_round r
JOIN {schema}.olympiads_olympiad o ON o.id = r.olympiad_id
LEFT JOIN (
    SELECT round_id, sum(participants) AS participants, sum(winners) AS winners,
           sum(prize_winners) AS prize_winners, count(DISTINCT organisation_id) AS organisations
      FROM {schema}.olympiads_schoolstagecount GROUP BY round_id
) c ON c.round_id = r.id
LEFT JOIN (
    SELECT round_id, count(*) AS participants,
           count(*) FILTER (WHERE status = 'winner') AS winners,
           count(*) FILTER (WHERE status = 'prize_winner') AS prize_winners,
           count(*) FILTER (WHERE advances) AS advanced,
           count(DISTINCT organisation_id) AS organisations
      FROM {schema}.olympiads_participant GROUP BY round_id
) p ON p.round_id = r.id
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
    OlympiadRollup.objects.filter(municipality_id__in=[m.pk for m in municipalities]).delete()
    fields = ("participants", "winners", "prize_winners", "advanced", "organisations")
    OlympiadRollup.objects.bulk_create(
        [
            OlympiadRollup(
                municipality_id=row[0],
                academic_year=AcademicYear(row[1]).label,
                subject_code=row[2],
                stage=row[3],
                **dict(zip(fields, row[4:], strict=True)),
            )
            for row in rows
        ],
        batch_size=2000,
    )


def olympiad_rollup_refresh() -> None:
    """Recount the municipality in use and write its rows, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    # Changes of one municipality take turns (to the end of the transaction), so none is lost.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"olympiad-rollup:{schema_active()}"])
    _write([municipality])


def olympiad_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder ``olympiads``: every municipality's rows from its schema."""
    if municipalities:
        _write(municipalities)
