"""The region dashboard's numbers: every municipality in one table, from the roll-ups only.

One query gives every row (municipalities joined to their year roll-ups and their agreements'
best status), one the list of directions, one the direction cells of the rows on screen; never
a query into a municipality's schema. Sorting, filtering and totals are done on the rows in
memory (a few thousand at most).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from agreements.selectors import (
    NO_AGREEMENT,
    agreement_best_status_sql,
    agreement_status_is_in_force,
    agreement_status_label,
)
from rollups.models import DirectionYearRollup, MunicipalityYearRollup, PlanStatus
from tenants.municipalities.models import Municipality, MunicipalityStatus


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


_ROWS_SQL = """
SELECT m.id, m.name, m.slug, coalesce(r.plan_status, 'none'),
       coalesce(r.plan_items_total, 0), coalesce(r.plan_items_planned, 0), coalesce(r.plan_items_done, 0),
       coalesce(r.plan_items_moved, 0), coalesce(r.plan_items_cancelled, 0),
       coalesce(r.events_held, 0), coalesce(r.events_participants, 0),
       coalesce(r.teachers_total, 0), coalesce(r.pd_up_to_date, 0), coalesce(r.pd_overdue, 0),
       coalesce(r.documents_required, 0), coalesce(r.documents_in_force, 0),
       coalesce(a.status, 'none'), r.last_activity_at
  FROM public.{municipalities} m
  LEFT JOIN public.{year_rollups} r ON r.municipality_id = m.id AND r.academic_year = %s
  LEFT JOIN ({agreements}) a ON a.municipality_id = m.id
 WHERE m.status = %s AND m.schema_name <> 'public'
 ORDER BY m.name
"""


def dashboard_data(*, academic_year: str) -> Dashboard:
    """Every active municipality with its numbers for ``academic_year`` («2025/2026»). Two queries.

    Rows carry no direction cells: ``dashboard_directions_fill`` adds them to the rows shown.
    """
    agreements, agreement_params = agreement_best_status_sql()
    query = sql.SQL(_ROWS_SQL).format(
        municipalities=sql.Identifier(Municipality._meta.db_table),
        year_rollups=sql.Identifier(MunicipalityYearRollup._meta.db_table),
        agreements=agreements,
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [academic_year, *agreement_params, MunicipalityStatus.ACTIVE])
        rows = [DashboardRow(*values) for values in cursor.fetchall()]
    directions = (
        DirectionYearRollup.objects.filter(academic_year=academic_year)
        .values_list("direction_code", "direction_name")
        .order_by("direction_name", "direction_code")
        .distinct()
    )
    seen: dict[str, str] = {}
    for code, name in directions:
        seen.setdefault(code, name)
    return Dashboard(
        academic_year=academic_year, rows=rows, directions=[Direction(code, name) for code, name in seen.items()]
    )


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


# --- sorting and filtering --------------------------------------------------------------------

SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "plan_status": lambda r: list(PlanStatus.values).index(r.plan_status),
    "items_total": lambda r: r.items_total,
    "items_done": lambda r: r.items_done,
    "share_done": lambda r: -1.0 if r.share_done is None else r.share_done,
    "events_held": lambda r: r.events_held,
    "events_participants": lambda r: r.events_participants,
    "pd_coverage": lambda r: -1.0 if r.pd_coverage is None else r.pd_coverage,
    "pd_overdue": lambda r: r.pd_overdue,
    "documents_share": lambda r: -1.0 if r.documents_share is None else r.documents_share,
    "agreement": lambda r: r.agreement_label,
    "last_activity": lambda r: r.last_activity_at.timestamp() if r.last_activity_at else 0.0,
}

AGREEMENT_FILTER_MISSING = "missing"  # municipalities without an agreement in force


def dashboard_rows_filter(
    rows: Sequence[DashboardRow],
    *,
    search: str = "",
    plan_status: str = "",
    agreement: str = "",
    sort: str = "name",
    descending: bool = False,
) -> list[DashboardRow]:
    """Rows matching the search (by name), plan status and agreement filter, sorted."""
    needle = search.strip().lower()
    selected = [
        row
        for row in rows
        if (not needle or needle in row.name.lower())
        and (not plan_status or row.plan_status == plan_status)
        and (agreement != AGREEMENT_FILTER_MISSING or not row.agreement_in_force)
    ]
    key = SORT_KEYS.get(sort, SORT_KEYS["name"])
    return sorted(selected, key=key, reverse=descending)
