"""The plan's share of the region's roll-ups: written with every change, rebuilt from the schemas.

``plan_rollup_write`` recounts one plan (one GROUP BY over its items in the schema in use) and
writes the municipality's ``plan_*`` columns and its ``DirectionYearRollup`` rows, in the
caller's transaction: the region never reads a stale plan (000 §3.2, 004 §4.6).
``plans_rollup_rebuild`` recomputes every municipality with UNION ALL queries over the
schemas (one per 250 schemas) (``manage.py rollups_rebuild plans``); both share the counting in ``_Counts``, so
rebuilt and incremental values cannot disagree by construction of the arithmetic.
``plan_reports_rollup_rebuild`` (``rollups_rebuild plan_reports``) recomputes the yearly
analysis's submission state that ``tenants.plans.services.submission`` writes with each step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from psycopg import sql

from rollups.models import DirectionYearRollup, MunicipalityYearRollup, PlanStatus
from rollups.rebuild import schemas_union
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality

UNION_CHUNK = 250
_YEAR_TABLE = MunicipalityYearRollup._meta.db_table
_DIRECTION_TABLE = DirectionYearRollup._meta.db_table
PLAN_COLUMNS = (
    "plan_status",
    "plan_items_total",
    "plan_items_planned",
    "plan_items_done",
    "plan_items_moved",
    "plan_items_cancelled",
    "plan_participants",
    "plan_corrections",
)

# One row per (plan, direction, item status) of the items in effect; a plan without items
# gives one row of NULLs on the item side. ``{schema}`` and ``{municipality_id}`` are filled in
# by ``schemas_union``; ``{where}`` narrows to one plan for the incremental write.
_COUNT_SELECT = """
SELECT {municipality_id} AS municipality_id, p.academic_year, p.status AS plan_status,
       (SELECT count(*) FROM {schema}.plans_plancorrection c
         WHERE c.plan_id = p.id AND c.applied_at IS NOT NULL) AS corrections,
       d.code, d.name, i.status AS item_status, count(i.id) AS items,
       coalesce(sum(i.participants) FILTER (WHERE i.status = 'done'), 0) AS participants
  FROM {schema}.plans_annualplan p
  LEFT JOIN ({schema}.plans_planitem i
             JOIN {schema}.plans_direction d ON d.id = i.direction_id
             LEFT JOIN {schema}.plans_plancorrection ic ON ic.id = i.correction_id)
         ON i.plan_id = p.id AND (i.correction_id IS NULL OR ic.applied_at IS NOT NULL)
 WHERE {where}
 GROUP BY p.id, p.academic_year, p.status, d.code, d.name, i.status
"""


@dataclass
class _DirectionCounts:
    name: str
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    participants: int = 0


@dataclass
class _Counts:
    """One municipality's plan for one year, as the roll-ups hold it."""

    plan_status: str = PlanStatus.NONE
    corrections: int = 0
    directions: dict[str, _DirectionCounts] = field(default_factory=dict)

    def add(self, code: str | None, name: str | None, status: str | None, items: int, participants: int) -> None:
        if code is None or status is None:
            return
        counts = self.directions.setdefault(code, _DirectionCounts(name=name or code))
        counts.by_status[status] += items
        counts.participants += participants

    def total(self, status: str | None = None) -> int:
        return sum(
            sum(d.by_status.values()) if status is None else d.by_status.get(status, 0)
            for d in self.directions.values()
        )

    def year_values(self) -> dict[str, Any]:
        return {
            "plan_status": self.plan_status,
            "plan_items_total": self.total(),
            "plan_items_planned": self.total("planned"),
            "plan_items_done": self.total("done"),
            "plan_items_moved": self.total("moved"),
            "plan_items_cancelled": self.total("cancelled"),
            "plan_participants": sum(d.participants for d in self.directions.values()),
            "plan_corrections": self.corrections,
        }

    def direction_rows(self) -> list[tuple[str, str, int, int, int, int, int]]:
        return [
            (
                code,
                d.name,
                d.by_status.get("planned", 0),
                d.by_status.get("done", 0),
                d.by_status.get("moved", 0),
                d.by_status.get("cancelled", 0),
                d.participants,
            )
            for code, d in sorted(self.directions.items())
        ]


def _collect(rows: Iterable[tuple]) -> dict[tuple[int, str], _Counts]:
    result: dict[tuple[int, str], _Counts] = {}
    for municipality_id, year, plan_status, corrections, code, name, status, items, participants in rows:
        counts = result.setdefault((municipality_id, AcademicYear(year).label), _Counts())
        counts.plan_status, counts.corrections = plan_status, corrections
        counts.add(code, name, status, items, participants)
    return result


def _year_upsert(rows: Sequence[tuple[int, str, _Counts]], *, touch: bool) -> None:
    """Upsert the plan columns; ``touch`` also moves the row's last activity (a change, not a rebuild)."""
    columns = [*PLAN_COLUMNS, "plan_updated_at"]
    touched = [*columns, "last_activity_at"] if touch else columns
    query = sql.SQL(
        "INSERT INTO public.{table} (municipality_id, academic_year, {names}, last_activity_at) "
        "VALUES (%s, %s, {marks}, now(), {activity}) "
        "ON CONFLICT (municipality_id, academic_year) DO UPDATE SET {updates}"
    ).format(
        table=sql.Identifier(_YEAR_TABLE),
        names=sql.SQL(", ").join(map(sql.Identifier, columns)),
        marks=sql.SQL(", ").join(sql.Placeholder() * len(PLAN_COLUMNS)),
        activity=sql.SQL("now()" if touch else "NULL"),
        updates=sql.SQL(", ").join(sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c)) for c in touched),
    )
    params: list[tuple[Any, ...]] = [
        (m, year, *(counts.year_values()[c] for c in PLAN_COLUMNS)) for m, year, counts in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(query, params)


def _directions_replace(
    municipality_ids: Sequence[int], rows: Sequence[tuple[int, str, _Counts]], *, year: str | None
) -> None:
    with connection.cursor() as cursor:
        delete = sql.SQL("DELETE FROM public.{table} WHERE municipality_id = ANY(%s)").format(
            table=sql.Identifier(_DIRECTION_TABLE)
        )
        if year is None:
            cursor.execute(delete, [list(municipality_ids)])
        else:
            cursor.execute(delete + sql.SQL(" AND academic_year = %s"), [list(municipality_ids), year])
        insert = sql.SQL(
            "INSERT INTO public.{table} (municipality_id, academic_year, direction_code, direction_name, "
            "planned, done, moved, cancelled, participants) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        ).format(table=sql.Identifier(_DIRECTION_TABLE))
        params = [(m, y, *row) for m, y, counts in rows for row in counts.direction_rows()]
        if params:
            cursor.executemany(insert, params)


def plan_rollup_write(*, plan_id: int, academic_year: int) -> None:
    """Recount one plan of the municipality in use and write its roll-ups (same transaction).

    A deleted plan (``plan_id`` no longer there) writes «нет плана» and zeros.
    """
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("plan roll-ups are written from a municipality's schema")
    query = sql.SQL(_COUNT_SELECT).format(
        schema=sql.Identifier(municipality.schema_name),
        municipality_id=sql.Literal(municipality.pk),
        where=sql.SQL("p.id = {}").format(sql.Literal(plan_id)),
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        collected = _collect(cursor.fetchall())
    year = AcademicYear(academic_year).label
    counts = collected.get((municipality.pk, year), _Counts())
    _year_upsert([(municipality.pk, year, counts)], touch=True)
    _directions_replace([municipality.pk], [(municipality.pk, year, counts)], year=year)


def plans_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """Rebuild every municipality's plan roll-ups from the schemas with one UNION ALL query."""
    if not municipalities:
        return
    fetched: list[tuple] = []
    with connection.cursor() as cursor:
        # Planning one UNION ALL of thousands of these joins takes longer than running it: one
        # query per UNION_CHUNK schemas (3 s for 2,500 schemas, against minutes in one query).
        for first in range(0, len(municipalities), UNION_CHUNK):
            chunk = municipalities[first : first + UNION_CHUNK]
            cursor.execute(schemas_union(_COUNT_SELECT.replace("{where}", "TRUE"), chunk))
            fetched.extend(cursor.fetchall())
    collected = _collect(fetched)
    ids = [m.pk for m in municipalities]
    # Years that no longer have a plan go back to «нет плана»; other apps' columns stay.
    reset = sql.SQL("UPDATE public.{table} SET {sets} WHERE municipality_id = ANY(%s)").format(
        table=sql.Identifier(_YEAR_TABLE),
        sets=sql.SQL(", ").join(
            sql.SQL("{c} = DEFAULT").format(c=sql.Identifier(c)) for c in [*PLAN_COLUMNS, "plan_updated_at"]
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(reset, [ids])
    rows = [(m, year, counts) for (m, year), counts in sorted(collected.items())]
    _year_upsert(rows, touch=False)
    _directions_replace(ids, rows, year=None)


_LATEST_SELECT = """
SELECT {municipality_id} AS municipality_id, p.academic_year, r.id, r.submission, r.submitted_at
  FROM {schema}.plans_planreport r JOIN {schema}.plans_annualplan p ON p.id = r.plan_id
 WHERE r.kind = 'annual' AND r.submission <> ''
"""


def plan_reports_rollup_rebuild(municipalities: Sequence[Municipality]) -> None:
    """Recompute every municipality's submitted analysis from the schemas: the latest submitted
    report of each year. Years without one are cleared."""
    if not municipalities:
        return
    with connection.cursor() as cursor:
        cursor.execute(schemas_union(_LATEST_SELECT, municipalities))
        rows = cursor.fetchall()
    latest: dict[tuple[int, str], tuple[int, str, object]] = {}
    for municipality_id, year, report_id, submission, submitted_at in rows:
        key = (municipality_id, AcademicYear(year).label)
        if key not in latest or (submitted_at, report_id) > (latest[key][2], latest[key][0]):
            latest[key] = (report_id, submission, submitted_at)
    ids = [m.pk for m in municipalities]
    MunicipalityYearRollup.objects.filter(municipality_id__in=ids).exclude(annual_report_status="").update(
        annual_report_status="", annual_report_id=None
    )
    upsert = sql.SQL(
        "INSERT INTO public.{table} (municipality_id, academic_year, annual_report_status, annual_report_id) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (municipality_id, academic_year) DO UPDATE SET "
        "annual_report_status = EXCLUDED.annual_report_status, annual_report_id = EXCLUDED.annual_report_id"
    ).format(table=sql.Identifier(MunicipalityYearRollup._meta.db_table))
    params = [(m, year, submission, report_id) for (m, year), (report_id, submission, _at) in latest.items()]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(upsert, params)
