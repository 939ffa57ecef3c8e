"""Innovation projects in the region's roll-ups: counts per level and status, written with every
change of a project, rebuilt from the schemas (``rollups_rebuild innovation``) with the same query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from rollups.models import InnovationRollup
from rollups.rebuild import schemas_union
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250
_SELECT = """(
SELECT {municipality_id} AS municipality_id, p.level, p.status, count(*)
FROM {schema}.innovation_innovationproject p GROUP BY p.level, p.status
)"""


def _write(municipalities: Sequence[Municipality]) -> None:
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for first in range(0, len(municipalities), UNION_CHUNK):
            cursor.execute(schemas_union(_SELECT, municipalities[first : first + UNION_CHUNK]))
            rows.extend(cursor.fetchall())
    InnovationRollup.objects.filter(municipality_id__in=[m.pk for m in municipalities]).delete()
    InnovationRollup.objects.bulk_create(
        [InnovationRollup(municipality_id=m, level=level, status=status, projects=n) for m, level, status, n in rows]
    )


def innovation_rollup_refresh() -> None:
    """Recount the municipality in use, in the caller's transaction (changes take turns)."""
    municipality = current_municipality()
    if municipality is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"innovation-rollup:{schema_active()}"])
    _write([municipality])


def innovation_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    if municipalities:
        _write(municipalities)
