"""The quality of education in the region's roll-ups: written with every change, rebuilt from the schemas.

Three SQL texts count a schema; the incremental refresh runs them for the municipality in use
inside the transaction of every change (results typed or imported, flags recounted, decisions,
programmes, their effect), and the rebuilder ``quality`` runs them for every municipality with
``schemas_union``. Both write through the same functions, so rebuilt and incremental agree by
construction (and a test checks it).

What the region gets (public schema, numbers and organisations' names, never a person's name):

* ``QualityRollup`` — per municipality, year, kind, subject and grade: participants, marks,
  scores, the journal comparison, organisations with results and those flagged low /
  non-objective;
* ``QualityKindRollup`` — the same per kind (the heat map's cell), with organisations flagged;
* ``QualityOrganisationRollup`` — each organisation flagged, decided on or with a programme in
  a year: reasons, the head's decision, the programme's status and curator (an account id);
* ``MunicipalityYearRollup.quality_*`` — organisations with results, flagged, supported,
  dismissed; programmes by status (by the year they started); organisations whose programme
  improved their results.

Flags move when other municipalities change the region's distribution or when the thresholds
change; the nightly task ``tenants.quality.tasks.quality_flags_refresh_all`` recounts every
municipality's flags, then this rebuild runs (``manage.py rollups_rebuild quality``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone
from psycopg import sql

from rollups.models import (
    MunicipalityYearRollup,
    QualityKindRollup,
    QualityOrganisationRollup,
    QualityRollup,
    SupportStatus,
)
from rollups.rebuild import schemas_union
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250
LOW_REASONS = ("low_share_2", "low_below_minimum")
YEAR_COLUMNS = (
    "quality_organisations_with_results",
    "quality_organisations_flagged",
    "quality_organisations_flagged_low",
    "quality_organisations_flagged_nonobjective",
    "quality_organisations_supported",
    "quality_organisations_dismissed",
    "quality_programmes_draft",
    "quality_programmes_active",
    "quality_programmes_finished",
    "quality_programmes_cancelled",
    "quality_organisations_improved",
)
COUNT_COLUMNS = (
    "participants",
    "marks_participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "score_participants",
    "score_sum",
    "below_minimum",
    "journal_participants",
    "journal_lowered",
    "journal_confirmed",
    "journal_raised",
)

_RESULTS = """
FROM {schema}.quality_assessmentresult r
JOIN {schema}.quality_assessmentprocedure p ON p.id = r.procedure_id
JOIN public.assessment_procedurekind k ON k.id = p.kind_id
"""
_SCORES = "r.marks_2 IS NULL AND r.mean_score IS NOT NULL AND r.below_minimum IS NOT NULL"

# Per (year, kind, subject, grade): the sums, organisations with results, and flagged ones.
_CELLS_SELECT = f"""(
SELECT {{municipality_id}} AS municipality_id, c.*,
    (SELECT count(DISTINCT f.organisation_id) FROM {{schema}}.quality_flag f
       JOIN {{schema}}.quality_assessmentprocedure fp ON fp.id = f.procedure_id
       JOIN public.assessment_procedurekind fk ON fk.id = fp.kind_id
       JOIN public.assessment_assessmentsubject fs ON fs.id = f.subject_id
      WHERE f.academic_year = c.academic_year AND fk.code = c.kind_code AND fs.code = c.subject_code
        AND f.grade = c.grade AND f.reason IN ('low_share_2', 'low_below_minimum')) AS flagged_low,
    (SELECT count(DISTINCT f.organisation_id) FROM {{schema}}.quality_flag f
       JOIN {{schema}}.quality_assessmentprocedure fp ON fp.id = f.procedure_id
       JOIN public.assessment_procedurekind fk ON fk.id = fp.kind_id
       JOIN public.assessment_assessmentsubject fs ON fs.id = f.subject_id
      WHERE f.academic_year = c.academic_year AND fk.code = c.kind_code AND fs.code = c.subject_code
        AND f.grade = c.grade AND f.reason NOT IN ('low_share_2', 'low_below_minimum')) AS flagged_nonobjective
FROM (
    SELECT p.academic_year, k.code AS kind_code, s.code AS subject_code, r.grade,
        sum(r.participants) AS participants,
        coalesce(sum(r.participants) FILTER (WHERE r.marks_2 IS NOT NULL), 0) AS marks_participants,
        coalesce(sum(r.marks_2) FILTER (WHERE r.marks_2 IS NOT NULL), 0) AS marks_2,
        coalesce(sum(r.marks_3) FILTER (WHERE r.marks_2 IS NOT NULL), 0) AS marks_3,
        coalesce(sum(r.marks_4) FILTER (WHERE r.marks_2 IS NOT NULL), 0) AS marks_4,
        coalesce(sum(r.marks_5) FILTER (WHERE r.marks_2 IS NOT NULL), 0) AS marks_5,
        coalesce(sum(r.participants) FILTER (WHERE {_SCORES}), 0) AS score_participants,
        coalesce(sum(r.mean_score * r.participants) FILTER (WHERE {_SCORES}), 0) AS score_sum,
        coalesce(sum(r.below_minimum) FILTER (WHERE {_SCORES}), 0) AS below_minimum,
        coalesce(sum(r.participants) FILTER (WHERE r.journal_raised IS NOT NULL), 0) AS journal_participants,
        coalesce(sum(r.journal_lowered) FILTER (WHERE r.journal_raised IS NOT NULL), 0) AS journal_lowered,
        coalesce(sum(r.journal_confirmed) FILTER (WHERE r.journal_raised IS NOT NULL), 0) AS journal_confirmed,
        coalesce(sum(r.journal_raised) FILTER (WHERE r.journal_raised IS NOT NULL), 0) AS journal_raised,
        count(DISTINCT r.organisation_id) AS organisations
    {_RESULTS}
    JOIN public.assessment_assessmentsubject s ON s.id = r.subject_id
    GROUP BY p.academic_year, k.code, s.code, r.grade
) c
)"""  # noqa: S608 - the only interpolations are SQL fragments of this module

# Per (year, kind): organisations with results and organisations with any flag.
_KINDS_SELECT = f"""(
SELECT {{municipality_id}} AS municipality_id, x.academic_year, x.kind_code,
    count(DISTINCT x.organisation_id) FILTER (WHERE x.source = 'result') AS organisations,
    count(DISTINCT x.organisation_id) FILTER (WHERE x.source = 'flag') AS organisations_flagged
FROM (
    SELECT DISTINCT p.academic_year, k.code AS kind_code, r.organisation_id, 'result' AS source {_RESULTS}
    UNION ALL
    SELECT DISTINCT f.academic_year, k.code, f.organisation_id, 'flag'
      FROM {{schema}}.quality_flag f
      JOIN {{schema}}.quality_assessmentprocedure p ON p.id = f.procedure_id
      JOIN public.assessment_procedurekind k ON k.id = p.kind_id
) x
GROUP BY x.academic_year, x.kind_code
)"""  # noqa: S608

# Per (year, organisation) with results, flags, a decision or a programme in that year.
_ORGANISATIONS_SELECT = """(
WITH keys AS (
    SELECT DISTINCT p.academic_year AS y, r.organisation_id AS org, true AS has_results
      FROM {schema}.quality_assessmentresult r
      JOIN {schema}.quality_assessmentprocedure p ON p.id = r.procedure_id
    UNION ALL SELECT DISTINCT f.academic_year, f.organisation_id, false FROM {schema}.quality_flag f
    UNION ALL SELECT d.academic_year, d.organisation_id, false FROM {schema}.quality_supportdecision d
    UNION ALL SELECT DISTINCT g.academic_year, g.organisation_id, false FROM {schema}.quality_supportprogramme g
), orgs AS (SELECT y, org, bool_or(has_results) AS has_results FROM keys GROUP BY y, org)
SELECT {municipality_id} AS municipality_id, o.y, o.org, org.short_name, org.inn, o.has_results,
    (SELECT count(*) FROM {schema}.quality_flag f WHERE f.academic_year = o.y AND f.organisation_id = o.org
        AND f.reason IN ('low_share_2', 'low_below_minimum')) AS flags_low,
    (SELECT count(*) FROM {schema}.quality_flag f WHERE f.academic_year = o.y AND f.organisation_id = o.org
        AND f.reason NOT IN ('low_share_2', 'low_below_minimum')) AS flags_nonobjective,
    (SELECT coalesce(array_agg(DISTINCT f.reason::text ORDER BY f.reason::text), '{{}}'::text[])
       FROM {schema}.quality_flag f WHERE f.academic_year = o.y AND f.organisation_id = o.org) AS reasons,
    (SELECT d.status FROM {schema}.quality_supportdecision d
      WHERE d.academic_year = o.y AND d.organisation_id = o.org) AS decision,
    g.status, (SELECT m.user_id FROM {schema}.people_methodologist m WHERE m.id = g.curator_id), g.effect_improved
FROM orgs o
JOIN {schema}.organisations_organisation org ON org.id = o.org
LEFT JOIN LATERAL (
    SELECT g.status, g.curator_id, g.effect_improved FROM {schema}.quality_supportprogramme g
     WHERE g.academic_year = o.y AND g.organisation_id = o.org
     ORDER BY (g.status IN ('draft', 'active')) DESC, g.id DESC LIMIT 1
) g ON true
)"""


@dataclass
class _Year:
    values: dict[str, int] = field(default_factory=lambda: dict.fromkeys(YEAR_COLUMNS, 0))


def _fetch(select: str, municipalities: Sequence[Municipality]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for first in range(0, len(municipalities), UNION_CHUNK):
            cursor.execute(schemas_union(select, municipalities[first : first + UNION_CHUNK]))
            rows.extend(cursor.fetchall())
    return rows


def _cells_write(rows: list[tuple[Any, ...]], municipality_ids: list[int]) -> None:
    QualityRollup.objects.filter(municipality_id__in=municipality_ids).delete()
    QualityRollup.objects.bulk_create(
        [
            QualityRollup(
                municipality_id=row[0],
                academic_year=AcademicYear(row[1]).label,
                kind_code=row[2],
                subject_code=row[3],
                grade=row[4],
                **dict(zip(COUNT_COLUMNS, row[5:18], strict=True)),
                organisations=row[18],
                organisations_flagged_low=row[19],
                organisations_flagged_nonobjective=row[20],
            )
            for row in rows
        ],
        batch_size=2000,
    )


def _kinds_write(cells: list[tuple[Any, ...]], kinds: list[tuple[Any, ...]], municipality_ids: list[int]) -> None:
    """Kind rows: the cells' sums over subjects and grades, the distinct organisations from ``kinds``."""
    sums: dict[tuple[int, int, str], list[Any]] = defaultdict(lambda: [0] * len(COUNT_COLUMNS))
    for row in cells:
        target = sums[(row[0], row[1], row[2])]
        for index, value in enumerate(row[5:18]):
            target[index] += value
    QualityKindRollup.objects.filter(municipality_id__in=municipality_ids).delete()
    QualityKindRollup.objects.bulk_create(
        [
            QualityKindRollup(
                municipality_id=municipality_id,
                academic_year=AcademicYear(year).label,
                kind_code=kind_code,
                **dict(zip(COUNT_COLUMNS, sums.get((municipality_id, year, kind_code), [0] * 13), strict=True)),
                organisations=organisations,
                organisations_flagged=flagged,
            )
            for municipality_id, year, kind_code, organisations, flagged in kinds
        ],
        batch_size=2000,
    )


def _organisations_write(rows: list[tuple[Any, ...]], municipality_ids: list[int]) -> dict[tuple[int, int], _Year]:
    """Organisation rows worth the region's list; returns the year columns counted from all rows."""
    years: dict[tuple[int, int], _Year] = defaultdict(_Year)
    kept: list[QualityOrganisationRollup] = []
    for (
        municipality_id,
        year,
        organisation_id,
        name,
        inn,
        has_results,
        flags_low,
        flags_nonobjective,
        reasons,
        decision,
        programme_status,
        curator_user_id,
        improved,
    ) in rows:
        values = years[(municipality_id, year)].values
        flagged = flags_low + flags_nonobjective > 0
        values["quality_organisations_with_results"] += bool(has_results)
        values["quality_organisations_flagged"] += flagged
        values["quality_organisations_flagged_low"] += flags_low > 0
        values["quality_organisations_flagged_nonobjective"] += flags_nonobjective > 0
        values["quality_organisations_supported"] += decision == SupportStatus.CONFIRMED
        values["quality_organisations_dismissed"] += decision == SupportStatus.DISMISSED
        if programme_status:
            values[f"quality_programmes_{programme_status}"] += 1
        values["quality_organisations_improved"] += improved is True
        if flagged or decision or programme_status:
            status = decision or (SupportStatus.SUGGESTED if flagged else SupportStatus.NONE)
            kept.append(
                QualityOrganisationRollup(
                    municipality_id=municipality_id,
                    academic_year=AcademicYear(year).label,
                    organisation_id=organisation_id,
                    organisation_name=name,
                    organisation_inn=inn or "",
                    flags_low=flags_low,
                    flags_nonobjective=flags_nonobjective,
                    reasons=list(reasons or []),
                    support_status=status,
                    programme_status=programme_status or "",
                    curator_user_id=curator_user_id,
                    improved=improved,
                )
            )
    QualityOrganisationRollup.objects.filter(municipality_id__in=municipality_ids).delete()
    QualityOrganisationRollup.objects.bulk_create(kept, batch_size=2000)
    return years


def _years_write(years: dict[tuple[int, int], _Year], municipality_ids: list[int], *, touch: bool) -> None:
    """Reset every year's quality columns of these municipalities, then write the counted ones."""
    columns = [*YEAR_COLUMNS, "quality_updated_at"]
    reset = sql.SQL("UPDATE public.{table} SET {sets} WHERE municipality_id = ANY(%s)").format(
        table=sql.Identifier(MunicipalityYearRollup._meta.db_table),
        sets=sql.SQL(", ").join(sql.SQL("{c} = DEFAULT").format(c=sql.Identifier(c)) for c in columns),
    )
    with connection.cursor() as cursor:
        cursor.execute(reset, [municipality_ids])
    now = timezone.now()
    update_fields = [*columns, "last_activity_at"] if touch else columns
    MunicipalityYearRollup.objects.bulk_create(
        [
            MunicipalityYearRollup(
                municipality_id=municipality_id,
                academic_year=AcademicYear(year).label,
                quality_updated_at=now,
                last_activity_at=now if touch else None,
                **counted.values,
            )
            for (municipality_id, year), counted in sorted(years.items())
        ],
        update_conflicts=True,
        unique_fields=["municipality", "academic_year"],
        update_fields=update_fields,
        batch_size=1000,
    )


def _write(municipalities: Sequence[Municipality], *, touch: bool) -> None:
    ids = [m.pk for m in municipalities]
    cells = _fetch(_CELLS_SELECT, municipalities)
    _cells_write(cells, ids)
    _kinds_write(cells, _fetch(_KINDS_SELECT, municipalities), ids)
    years = _organisations_write(_fetch(_ORGANISATIONS_SELECT, municipalities), ids)
    _years_write(years, ids, touch=touch)


def quality_rollup_refresh() -> None:
    """Recount the municipality in use and write its roll-ups, in the caller's transaction."""
    municipality = current_municipality()
    if municipality is None:
        return
    quality_rollup_lock()
    _write([municipality], touch=True)


def quality_rollup_lock() -> None:
    """Changes of one municipality's quality data take turns (to the end of the transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"quality-rollup:{schema_active()}"])


def quality_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """The rebuilder ``quality``: every municipality's rows and columns from their schemas."""
    if municipalities:
        _write(municipalities, touch=False)
