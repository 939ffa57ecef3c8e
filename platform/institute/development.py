"""Teachers' development across the region (004 §3.3.1, §3.3.3), from the roll-ups only.

What the municipalities already record — diagnosed deficits by competence area, individual
routes, mentoring of young teachers, consultations and their deadlines, associations — summed per
municipality for the institute: one query for the rows, one for the competence-area cells of the
rows on screen. No names: the roll-ups hold counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from psycopg import sql

from institute.dashboard import share
from metodika.replica_reads import read_connection
from rollups.models import CompetenceAreaRollup, MunicipalityYearRollup
from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
from tenants.municipalities.models import Municipality, MunicipalityStatus


@dataclass(slots=True)
class AreaCell:
    """One competence area of one municipality: teachers with an open deficit there."""

    teachers_with_deficit: int = 0
    deficits_open: int = 0
    deficits_closed: int = 0

    def add(self, other: AreaCell) -> None:
        self.teachers_with_deficit += other.teachers_with_deficit
        self.deficits_open += other.deficits_open
        self.deficits_closed += other.deficits_closed


@dataclass(slots=True)
class DevelopmentRow:
    municipality_id: int
    name: str
    slug: str
    teachers_total: int = 0
    teachers_diagnosed: int = 0
    deficits_open: int = 0
    routes_total: int = 0
    routes_completed: int = 0
    route_steps_total: int = 0
    route_steps_done: int = 0
    young_teachers: int = 0
    young_teachers_with_mentor: int = 0
    mentorships_active: int = 0
    consultations_total: int = 0
    consultations_answered: int = 0
    consultations_answered_in_time: int = 0
    consultations_overdue: int = 0
    associations_total: int = 0
    associations_active: int = 0
    # Filled for the rows shown (development_areas_fill), keyed by competence-area code.
    areas: dict[str, AreaCell] = field(default_factory=dict)

    @property
    def diagnosed_share(self) -> float | None:
        """Teachers with a diagnosis of their deficits, out of all teachers."""
        return share(self.teachers_diagnosed, self.teachers_total)

    @property
    def routes_open(self) -> int:
        return self.routes_total - self.routes_completed

    @property
    def route_steps_share(self) -> float | None:
        return share(self.route_steps_done, self.route_steps_total)

    @property
    def young_without_mentor(self) -> int:
        return max(self.young_teachers - self.young_teachers_with_mentor, 0)

    @property
    def mentored_share(self) -> float | None:
        return share(self.young_teachers_with_mentor, self.young_teachers)

    @property
    def in_time_share(self) -> float | None:
        """Consultations answered within their due date, out of those answered."""
        return share(self.consultations_answered_in_time, self.consultations_answered)

    @property
    def associations_active_share(self) -> float | None:
        return share(self.associations_active, self.associations_total)


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass
class Development:
    academic_year: str
    rows: list[DevelopmentRow]
    areas: list[Area]


_COUNTS = (
    "teachers_total",
    "teachers_diagnosed",
    "deficits_open",
    "routes_total",
    "routes_completed",
    "route_steps_total",
    "route_steps_done",
    "young_teachers",
    "young_teachers_with_mentor",
    "mentorships_active",
    "consultations_total",
    "consultations_answered",
    "consultations_answered_in_time",
    "consultations_overdue",
    "associations_total",
    "associations_active",
)

_ROWS_SQL = """
SELECT m.id, m.name, m.slug, {counts}
  FROM public.{municipalities} m
  LEFT JOIN public.{year_rollups} r ON r.municipality_id = m.id AND r.academic_year = %s
 WHERE m.status = %s AND m.schema_name <> 'public'
 ORDER BY m.name
"""


def development_data(*, academic_year: str) -> Development:
    """Every active municipality with its development numbers for ``academic_year``. Two queries.

    The competence areas are the region's shared catalogue (their codes match across
    municipalities), followed by any area a municipality added that has a deficit.
    """
    query = sql.SQL(_ROWS_SQL).format(
        counts=sql.SQL(", ").join(sql.SQL("coalesce(r.{c}, 0)").format(c=sql.Identifier(column)) for column in _COUNTS),
        municipalities=sql.Identifier(Municipality._meta.db_table),
        year_rollups=sql.Identifier(MunicipalityYearRollup._meta.db_table),
    )
    with read_connection(MunicipalityYearRollup).cursor() as cursor:
        cursor.execute(query, [academic_year, MunicipalityStatus.ACTIVE])
        rows = [DevelopmentRow(*values) for values in cursor.fetchall()]
    areas = {code: str(name) for code, name in DEFAULT_COMPETENCE_AREAS}
    extra = (
        CompetenceAreaRollup.objects.exclude(area_code__in=list(areas))
        .values_list("area_code", "area_name")
        .order_by("area_name", "area_code")
        .distinct()
    )
    for code, name in extra:
        areas.setdefault(code, name)
    return Development(academic_year=academic_year, rows=rows, areas=[Area(code, name) for code, name in areas.items()])


def development_areas_fill(rows: Sequence[DevelopmentRow]) -> None:
    """Give ``rows`` their competence-area cells (the heat map's, the export's): one query."""
    by_id = {row.municipality_id: row for row in rows}
    if not by_id:
        return
    cells = CompetenceAreaRollup.objects.filter(municipality_id__in=list(by_id)).values_list(
        "municipality_id", "area_code", "teachers_with_deficit", "deficits_open", "deficits_closed"
    )
    for municipality_id, code, teachers, opened, closed in cells:
        by_id[municipality_id].areas[code] = AreaCell(teachers, opened, closed)


def development_totals(rows: Sequence[DevelopmentRow]) -> DevelopmentRow:
    """The region's totals over ``rows``: sums, with shares computed from the sums."""
    totals = DevelopmentRow(municipality_id=0, name=str(_("Итого по региону")), slug="")
    for name in _COUNTS:
        setattr(totals, name, sum(getattr(row, name) for row in rows))
    for row in rows:
        for code, cell in row.areas.items():
            totals.areas.setdefault(code, AreaCell()).add(cell)
    return totals


SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "teachers_total": lambda r: r.teachers_total,
    "diagnosed_share": lambda r: -1.0 if r.diagnosed_share is None else r.diagnosed_share,
    "deficits_open": lambda r: r.deficits_open,
    "routes_open": lambda r: r.routes_open,
    "routes_completed": lambda r: r.routes_completed,
    "young_without_mentor": lambda r: r.young_without_mentor,
    "mentored_share": lambda r: -1.0 if r.mentored_share is None else r.mentored_share,
    "in_time_share": lambda r: -1.0 if r.in_time_share is None else r.in_time_share,
    "consultations_overdue": lambda r: r.consultations_overdue,
    "associations_active_share": lambda r: -1.0 if r.associations_active_share is None else r.associations_active_share,
}


def development_rows_filter(
    rows: Sequence[DevelopmentRow], *, search: str = "", sort: str = "name", descending: bool = False
) -> list[DevelopmentRow]:
    """Rows matching the search (by name), sorted."""
    needle = search.strip().lower()
    selected = [row for row in rows if not needle or needle in row.name.lower()]
    return sorted(selected, key=SORT_KEYS.get(sort, SORT_KEYS["name"]), reverse=descending)
