"""The document register's share of the region's roll-ups (004 §4.10: the documents a service
must hold): ``documents_required`` and ``documents_in_force`` of the current academic year.

``registry_rollup_write`` is called by ``tenants.registry.services`` in the transaction of every
register change; ``registry_rollup_rebuild`` (registered as the ``registry`` rebuilder)
recomputes every municipality with one UNION ALL query, with the same rule as
``tenants.registry.selectors.kind_state``: an annual document counts only if its version in force
is for the current academic year (a plan) or the previous one (a report on it).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone
from psycopg import sql

from rollups.models import MunicipalityYearRollup
from rollups.rebuild import schemas_union
from rollups.services import rollup_write
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality


def registry_rollup_write(*, today: datetime.date | None = None) -> None:
    """Recount the current municipality's required documents and write them to its roll-up row.

    Two queries in the municipality's schema plus the upsert; nothing in the template schema.
    """
    from tenants.registry.selectors import nomenclature_overview, register_summary_of

    municipality = current_municipality()
    if municipality is None:
        return
    day = today or timezone.localdate()
    summary = register_summary_of(nomenclature_overview(today=day))
    rollup_write(
        municipality_id=municipality.pk,
        academic_year=AcademicYear.of(day).label,
        documents_required=summary.required_total,
        documents_in_force=summary.in_force,
        structure_updated_at=timezone.now(),
    )


_COUNT_SELECT = """
SELECT {municipality_id} AS municipality_id,
       count(*) FILTER (WHERE k.is_required) AS required,
       count(*) FILTER (WHERE k.is_required AND v.id IS NOT NULL AND (
           k.renewal = 'standing'
           OR (k.renewal = 'annual' AND coalesce(v.academic_year, 0) >= CURRENT_START)
           OR (k.renewal = 'annual_report' AND coalesce(v.academic_year, 0) >= PREVIOUS_START)
       )) AS in_force
  FROM {schema}.registry_documentkind k
  LEFT JOIN {schema}.registry_documentversion v ON v.kind_id = k.id AND v.status = 'in_force'
"""


def registry_rollup_rebuild(municipalities: Sequence[Municipality], *, today: datetime.date | None = None) -> None:
    """Recompute the register's columns of every municipality's current-year row: one query."""
    if not municipalities:
        return
    year = AcademicYear.of(today or timezone.localdate())
    select = _COUNT_SELECT.replace("CURRENT_START", str(int(year.start))).replace(
        "PREVIOUS_START", str(int(year.previous().start))
    )
    query = sql.SQL(
        "INSERT INTO public.{table} (municipality_id, academic_year, documents_required, documents_in_force, "
        "structure_updated_at) SELECT municipality_id, %s, required, in_force, now() FROM ({union}) counts "
        "ON CONFLICT (municipality_id, academic_year) DO UPDATE SET "
        "documents_required = EXCLUDED.documents_required, documents_in_force = EXCLUDED.documents_in_force, "
        "structure_updated_at = EXCLUDED.structure_updated_at"
    ).format(
        table=sql.Identifier(MunicipalityYearRollup._meta.db_table),
        union=schemas_union(select, municipalities),
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [year.label])
