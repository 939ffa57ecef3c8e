"""The region dashboard's numbers: every municipality in one table, from the dashboard's rows only.

The rows (``institute.models.MunicipalityDashboardRow``: one per municipality and academic year,
with the year's roll-up numbers, the municipality's name and state, its agreements' best status
and the shares) are kept by triggers in the transaction of every write that feeds them, so a
page reads one narrow table: no join, no sort of agreements, no share computed per row (issue 18
§7). ``dashboard_page`` gives the count, the totals, one page of rows with their direction cells
and the directions in one statement and one result row; ``dashboard_rows`` every matching row
(the export). Never a query into a municipality's schema.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import fields as fields_of
from typing import Any

from django.db.models import Min
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from agreements.models import IN_FORCE_STATUSES
from agreements.selectors import (
    NO_AGREEMENT,
    STATUS_PRECEDENCE,
    agreement_status_is_in_force,
    agreement_status_label,
)
from institute.models import MunicipalityDashboardRow
from metodika.replica_reads import read_connection
from rollups.models import DirectionYearRollup, PlanStatus


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by (shown as «—», not 0 %)."""
    return part / whole if whole else None


@dataclass(slots=True)
class DirectionCell:
    """One direction of one municipality's plan (a heat map cell)."""

    planned: int = 0
    done: int = 0
    moved: int = 0
    cancelled: int = 0

    @property
    def in_effect(self) -> int:
        """Items not cancelled: what the plan still promises."""
        return self.planned + self.done + self.moved

    @property
    def share_done(self) -> float | None:
        return share(self.done, self.in_effect)

    def add(self, other: DirectionCell) -> None:
        self.planned += other.planned
        self.done += other.done
        self.moved += other.moved
        self.cancelled += other.cancelled


@dataclass(slots=True)
class DashboardRow:
    municipality_id: int
    name: str
    slug: str
    plan_status: str = PlanStatus.NONE
    items_total: int = 0
    items_planned: int = 0
    items_done: int = 0
    items_moved: int = 0
    items_cancelled: int = 0
    events_held: int = 0
    events_participants: int = 0
    teachers_total: int = 0
    pd_up_to_date: int = 0
    pd_overdue: int = 0
    documents_required: int = 0
    documents_in_force: int = 0
    agreement_status: str = NO_AGREEMENT
    last_activity_at: datetime.datetime | None = None
    # Filled for the rows shown (dashboard_directions_fill), keyed by direction code.
    directions: dict[str, DirectionCell] = field(default_factory=dict)

    @property
    def plan_status_label(self) -> str:
        return str(PlanStatus(self.plan_status).label)

    @property
    def items_in_effect(self) -> int:
        return self.items_total - self.items_cancelled

    @property
    def share_done(self) -> float | None:
        """Items done out of those not cancelled (000 §3.6: the analysis of the plan's execution)."""
        return share(self.items_done, self.items_in_effect)

    @property
    def pd_coverage(self) -> float | None:
        """Teachers with a course within the last three years, out of all teachers."""
        return share(self.pd_up_to_date, self.teachers_total)

    @property
    def documents_share(self) -> float | None:
        """Required documents in force (004 §4.10)."""
        return share(self.documents_in_force, self.documents_required)

    @property
    def agreement_label(self) -> str:
        return agreement_status_label(self.agreement_status)

    @property
    def agreement_in_force(self) -> bool:
        return agreement_status_is_in_force(self.agreement_status)


@dataclass(frozen=True)
class Direction:
    code: str
    name: str


@dataclass
class Dashboard:
    academic_year: str
    rows: list[DashboardRow]
    directions: list[Direction]


# One year's rows: a year any municipality has a roll-up in holds a row for every municipality
# (migration 0004); a year nobody has written in yet reads the "" rows (zeros). The year to read is
# one probe of the (academic_year, municipality) index.
_ROWS_SQL = """
SELECT {columns}, share_done, pd_coverage, documents_share
  FROM public.{table}
 WHERE academic_year = coalesce((SELECT max(academic_year) FROM public.{table} WHERE academic_year = %s), '')
   AND active
"""
_ROW_COLUMNS = [f.name for f in fields_of(DashboardRow) if f.name != "directions"]


def _rows_sql(academic_year: str) -> tuple[sql.Composed, list[Any]]:
    """Every active municipality's dashboard row (unordered), as a sub-query, with its parameters."""
    query = sql.SQL(_ROWS_SQL).format(
        columns=sql.SQL(", ").join(map(sql.Identifier, _ROW_COLUMNS)),
        table=sql.Identifier(MunicipalityDashboardRow._meta.db_table),
    )
    return query, [academic_year]


def dashboard_directions(*, academic_year: str) -> list[Direction]:
    """The directions any plan of ``academic_year`` has items in, by name: the heat map's columns.
    A code named differently in different municipalities takes its first name in alphabetical order."""
    directions = (
        DirectionYearRollup.objects.filter(academic_year=academic_year)
        .values("direction_code")
        .annotate(name=Min("direction_name"))
        .order_by("name", "direction_code")
        .values_list("direction_code", "name")
    )
    return [Direction(code, name) for code, name in directions]


def dashboard_data(*, academic_year: str) -> Dashboard:
    """Every active municipality with its numbers for ``academic_year`` («2025/2026»), by name.
    Two queries; rows carry no direction cells (``dashboard_directions_fill`` adds them)."""
    rows = dashboard_rows(academic_year=academic_year, query=DashboardQuery())
    directions = dashboard_directions(academic_year=academic_year)
    return Dashboard(academic_year=academic_year, rows=rows, directions=directions)


def dashboard_directions_fill(rows: Sequence[DashboardRow], *, academic_year: str) -> None:
    """Give ``rows`` their direction cells (the heat map's, the export's): one query."""
    by_id = {row.municipality_id: row for row in rows}
    if not by_id:
        return
    cells = DirectionYearRollup.objects.filter(academic_year=academic_year, municipality_id__in=list(by_id))
    values = cells.values_list("municipality_id", "direction_code", "planned", "done", "moved", "cancelled")
    for municipality_id, code, planned, done, moved, cancelled in values:
        by_id[municipality_id].directions[code] = DirectionCell(planned, done, moved, cancelled)


_SUMMED = (
    "items_total",
    "items_planned",
    "items_done",
    "items_moved",
    "items_cancelled",
    "events_held",
    "events_participants",
    "teachers_total",
    "pd_up_to_date",
    "pd_overdue",
    "documents_required",
    "documents_in_force",
)


def dashboard_totals(rows: Sequence[DashboardRow]) -> DashboardRow:
    """The region's totals over ``rows``: sums, with shares computed from the sums."""
    totals = DashboardRow(municipality_id=0, name=str(_("Итого по региону")), slug="")
    for name in _SUMMED:
        setattr(totals, name, sum(getattr(row, name) for row in rows))
    for row in rows:
        for code, cell in row.directions.items():
            totals.directions.setdefault(code, DirectionCell()).add(cell)
    activity = [row.last_activity_at for row in rows if row.last_activity_at is not None]
    totals.last_activity_at = max(activity) if activity else None
    return totals


# --- filtering, sorting, paging and totals, in SQL -----------------------------------------------
# At 2,500 municipalities building every row in Python to show a hundred cost most of the page's
# time; the database filters, sorts and sums the rows and only the page's rows become objects.

AGREEMENT_FILTER_MISSING = "missing"  # municipalities without an agreement in force


def _sort_sql(sort: str) -> sql.Composable:
    """The sort key of ``sort`` over the rows sub-query's columns."""
    if sort == "plan_status":
        return sql.SQL("array_position({}::text[], plan_status)").format(sql.Literal(list(PlanStatus.values)))
    if sort == "agreement":
        # By the label the screen shows (translated), as a reader expects.
        statuses = sorted([NO_AGREEMENT, *(str(s) for s in STATUS_PRECEDENCE)], key=agreement_status_label)
        return sql.SQL("array_position({}::text[], agreement_status)").format(sql.Literal(statuses))
    expressions = {
        # Code point order of the lowered name, as Python's str.lower() sorts.
        "name": 'lower(name) COLLATE "C"',
        "last_activity": "coalesce(extract(epoch FROM last_activity_at), 0)",
    }
    return sql.SQL(expressions[sort]) if sort in expressions else sql.Identifier(sort)


SORT_KEYS = frozenset(
    {
        "name",
        "plan_status",
        "items_total",
        "items_done",
        "share_done",
        "events_held",
        "events_participants",
        "pd_coverage",
        "pd_overdue",
        "documents_share",
        "agreement",
        "last_activity",
    }
)


@dataclass(frozen=True)
class DashboardQuery:
    """What the reader asked for: a search by name, a plan status, the missing agreement filter, a sort."""

    search: str = ""
    plan_status: str = ""
    agreement: str = ""
    sort: str = "name"
    descending: bool = False

    def where(self) -> tuple[sql.Composable, list[Any]]:
        """The condition on the rows sub-query's columns, with its parameters."""
        conditions: list[sql.Composable] = [sql.SQL("true")]
        params: list[Any] = []
        needle = self.search.strip().lower()
        if needle:
            conditions.append(sql.SQL("strpos(lower(name), %s) > 0"))
            params.append(needle)
        if self.plan_status:
            conditions.append(sql.SQL("plan_status = %s"))
            params.append(self.plan_status)
        if self.agreement == AGREEMENT_FILTER_MISSING:
            conditions.append(sql.SQL("NOT (agreement_status = ANY(%s))"))
            params.append(sorted(str(s) for s in IN_FORCE_STATUSES))
        return sql.SQL(" AND ").join(conditions), params

    def order_by(self) -> sql.Composable:
        key = _sort_sql(self.sort if self.sort in SORT_KEYS else "name")
        direction = sql.SQL(" DESC" if self.descending else "")
        # Ties stay in name order whichever way the key runs.
        return sql.SQL("{}{}, name, municipality_id").format(key, direction)


def dashboard_rows(
    *, academic_year: str, query: DashboardQuery, limit: int | None = None, offset: int = 0
) -> list[DashboardRow]:
    """The rows matching ``query``, sorted, from ``offset`` (``limit`` of them, or all). One query."""
    rows_sql, params = _rows_sql(academic_year)
    where, where_params = query.where()
    statement = sql.SQL("SELECT {columns} FROM ({rows}) d WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s").format(
        columns=sql.SQL(", ").join(map(sql.Identifier, _ROW_COLUMNS)),
        rows=rows_sql,
        where=where,
        order=query.order_by(),
    )
    with read_connection(MunicipalityDashboardRow).cursor() as cursor:
        cursor.execute(statement, [*params, *where_params, limit, offset])
        return [DashboardRow(*values) for values in cursor.fetchall()]


@dataclass(frozen=True)
class DashboardSummary:
    matched: int  # rows matching the query
    totals: DashboardRow  # the region's totals over them
    without_agreement: int  # active municipalities without an agreement in force, whatever the query


@dataclass(frozen=True)
class DashboardPage:
    """One page of the dashboard: its rows (with direction cells), what matched and the directions."""

    rows: list[DashboardRow]
    summary: DashboardSummary
    number: int  # the page shown: as asked, or the last one when asked past it (as Paginator.get_page)
    directions: list[Direction]


_PAGE_SQL = """
WITH RECURSIVE d AS MATERIALIZED (SELECT rows.*, {where} AS matched FROM ({rows}) rows),
s AS (
  SELECT count(*) FILTER (WHERE matched) AS matched_count, {sums},
         max(last_activity_at) FILTER (WHERE matched) AS last_activity_max,
         count(*) FILTER (WHERE NOT (agreement_status = ANY(%s))) AS without_agreement
    FROM d
),
n AS (
  SELECT s.*, CASE WHEN %s BETWEEN 1 AND pages THEN %s ELSE pages END AS page_number
    FROM (SELECT s.*, greatest(ceil(matched_count / %s::numeric), 1)::int AS pages FROM s) s
),
p AS (
  SELECT * FROM d WHERE matched ORDER BY {order} LIMIT %s OFFSET (SELECT (page_number - 1) * %s FROM n)
),
-- The year's direction codes, skipping through the index (one probe a code).
codes(code) AS (
  SELECT min(direction_code) FROM public.{directions} WHERE academic_year = %s
  UNION ALL
  SELECT (SELECT min(direction_code) FROM public.{directions} WHERE academic_year = %s AND direction_code > code)
    FROM codes WHERE code IS NOT NULL
)
SELECT n.*,
       (SELECT json_agg(json_build_array(code, name) ORDER BY name, code) FROM (
          SELECT code, (SELECT min(direction_name) FROM public.{directions}
                         WHERE academic_year = %s AND direction_code = code) AS name
            FROM codes WHERE code IS NOT NULL) x) AS directions,
       -- The page's rows in order, each with its direction cells: one value, decoded at once.
       (SELECT json_agg(json_build_array({columns},
                 (SELECT json_agg(json_build_array(c.direction_code, c.planned, c.done, c.moved, c.cancelled))
                    FROM public.{directions} c
                   WHERE c.municipality_id = p.municipality_id AND c.academic_year = %s)) ORDER BY {order})
          FROM p) AS rows
  FROM n
"""
_LAST_ACTIVITY = _ROW_COLUMNS.index("last_activity_at")


def _page_row(values: list[Any]) -> DashboardRow:
    """A row of the page as the statement gives it in JSON: the columns, then the direction cells."""
    *columns, cells = values
    if columns[_LAST_ACTIVITY] is not None:
        columns[_LAST_ACTIVITY] = datetime.datetime.fromisoformat(columns[_LAST_ACTIVITY])
    row = DashboardRow(*columns)
    for code, planned, done, moved, cancelled in cells or ():
        row.directions[code] = DirectionCell(planned, done, moved, cancelled)
    return row


@functools.lru_cache(maxsize=256)
def _page_statement(shape: DashboardQuery, language: str | None) -> str:
    """The page's statement for queries of this shape (which filters, which sort) in this language
    (the agreement sort is by the translated label), composed once: composing it costs a tenth of
    the page. Its parameters come from the query itself."""
    where, where_params = shape.where()
    # Without a filter every row matches: the sums need no FILTER.
    matched = sql.SQL(" FILTER (WHERE matched)" if where_params else "")
    statement = sql.SQL(_PAGE_SQL).format(
        where=where,
        rows=_rows_sql("")[0],
        sums=sql.SQL(", ").join(sql.SQL("coalesce(sum({}){}, 0)").format(sql.Identifier(c), matched) for c in _SUMMED),
        order=shape.order_by(),
        directions=sql.Identifier(DirectionYearRollup._meta.db_table),
        columns=sql.SQL(", ").join(sql.SQL("p.{}").format(sql.Identifier(c)) for c in _ROW_COLUMNS),
    )
    return statement.as_string(None)


def dashboard_page(*, academic_year: str, query: DashboardQuery, page: int, page_size: int) -> DashboardPage:
    """Page ``page`` (1-based) of the rows matching ``query``, with their direction cells, the count and
    totals of every matching row and the directions: ONE statement giving ONE row, whatever the
    number of municipalities (each round trip, and each value decoded, costs more than the work)."""
    _rows, rows_params = _rows_sql(academic_year)
    _where, where_params = query.where()
    shape = DashboardQuery(
        search="?" if query.search.strip() else "",
        plan_status="?" if query.plan_status else "",
        agreement=AGREEMENT_FILTER_MISSING if query.agreement == AGREEMENT_FILTER_MISSING else "",
        sort=query.sort if query.sort in SORT_KEYS else "name",
        descending=query.descending,
    )
    statement = _page_statement(shape, get_language())
    in_force = sorted(str(s) for s in IN_FORCE_STATUSES)
    params = [*where_params, *rows_params, in_force, page, page, page_size, page_size, page_size]
    with read_connection(MunicipalityDashboardRow).cursor() as cursor:
        cursor.execute(statement, [*params, *[academic_year] * 4])
        matched, *summed, last_activity_at, without_agreement, _pages, number, directions, rows = cursor.fetchone()
    totals = DashboardRow(municipality_id=0, name=str(_("Итого по региону")), slug="")
    for name, value in zip(_SUMMED, summed, strict=True):
        setattr(totals, name, int(value))
    totals.last_activity_at = last_activity_at
    return DashboardPage(
        rows=[_page_row(values) for values in rows or ()],
        summary=DashboardSummary(matched=matched, totals=totals, without_agreement=without_agreement),
        number=number,
        directions=[Direction(code, name) for code, name in directions or ()],
    )
