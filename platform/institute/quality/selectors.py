"""The region's quality of education from the roll-ups: municipalities × procedures, flagged organisations.

* :func:`quality_overview` — every active municipality with its year's quality columns (one
  query), the kinds of procedure with results this year and the region's counts per kind (one
  query each); :func:`quality_cells_fill` gives the rows on screen their kind cells (one query):
  the heat map's municipalities × procedures, optionally for one subject.
* :func:`flagged_organisations` — the region's list of organisations flagged, decided on or
  supported (an organisation's name is not personal data; the curator is an account id here).
* :func:`municipality_quality` — one municipality's cells by kind, subject and grade beside the
  region's, for the drill-down; still the roll-ups, not the schema.

Shares come from ``assessment.indicators.ResultCounts``, the arithmetic the municipalities use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from assessment.indicators import IndicatorValues, ResultCounts
from assessment.models import AssessmentSubject, ProcedureKind, ResultForm
from metodika.replica_reads import read_connection
from rollups.models import MunicipalityYearRollup, QualityKindRollup, QualityOrganisationRollup, QualityRollup
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.quality.selectors.region import rollup_counts

COUNT_NAMES = (
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
YEAR_NAMES = (
    "with_results",
    "flagged",
    "flagged_low",
    "flagged_nonobjective",
    "supported",
    "dismissed",
    "programmes_draft",
    "programmes_active",
    "programmes_finished",
    "programmes_cancelled",
    "improved",
)
LOW_REASONS = ("low_share_2", "low_below_minimum")


@dataclass(frozen=True)
class KindColumn:
    """A kind of procedure with results in the year (a column of the heat map)."""

    code: str
    short_name: str
    uses_marks: bool

    @property
    def headline_label(self) -> str:
        """What the cell's share is: quality for marks, success (above the minimum) for scores."""
        return str(_("качество") if self.uses_marks else _("успешность"))


@dataclass(slots=True)
class KindCell:
    counts: ResultCounts
    organisations: int = 0
    organisations_flagged: int = 0

    def headline(self, uses_marks: bool) -> Fraction | None:
        return self.counts.quality if uses_marks else self.counts.success


@dataclass(slots=True)
class QualityRow:
    municipality_id: int
    name: str
    slug: str
    with_results: int = 0
    flagged: int = 0
    flagged_low: int = 0
    flagged_nonobjective: int = 0
    supported: int = 0
    dismissed: int = 0
    programmes_draft: int = 0
    programmes_active: int = 0
    programmes_finished: int = 0
    programmes_cancelled: int = 0
    improved: int = 0
    # Filled for the rows shown (quality_cells_fill), keyed by kind code.
    kinds: dict[str, KindCell] = field(default_factory=dict)

    @property
    def programmes_open(self) -> int:
        return self.programmes_draft + self.programmes_active


@dataclass
class QualityOverview:
    academic_year: str
    rows: list[QualityRow]
    kinds: list[KindColumn]
    region: dict[str, KindCell]  # the region's cell per kind code


_ROWS_SQL = """
SELECT m.id, m.name, m.slug,
       coalesce(r.quality_organisations_with_results, 0), coalesce(r.quality_organisations_flagged, 0),
       coalesce(r.quality_organisations_flagged_low, 0), coalesce(r.quality_organisations_flagged_nonobjective, 0),
       coalesce(r.quality_organisations_supported, 0), coalesce(r.quality_organisations_dismissed, 0),
       coalesce(r.quality_programmes_draft, 0), coalesce(r.quality_programmes_active, 0),
       coalesce(r.quality_programmes_finished, 0), coalesce(r.quality_programmes_cancelled, 0),
       coalesce(r.quality_organisations_improved, 0)
  FROM public.{municipalities} m
  LEFT JOIN public.{year_rollups} r ON r.municipality_id = m.id AND r.academic_year = %s
 WHERE m.status = %s AND m.schema_name <> 'public'
 ORDER BY m.name
"""


def _sums() -> dict[str, Sum]:
    return {name: Sum(name) for name in COUNT_NAMES}


# The region per kind of procedure, with the kind's names: one query (a kind's rows summed over
# every municipality; for one subject, its cells).
_REGION_SQL = """
SELECT k.code, k.short_name, k.result_form, sum(r.organisations)::bigint, {flagged}, {sums}
  FROM public.{rollups} r
  JOIN public.{kinds} k ON k.code = r.kind_code
 WHERE r.academic_year = %s {subject}
 GROUP BY k.id
 ORDER BY k.position, k.short_name
"""


def quality_overview(*, academic_year: str, subject_code: str = "") -> QualityOverview:
    """Every active municipality's quality columns for ``academic_year`` («2025/2026»), the kinds
    with results and the region's cell per kind (for one subject when ``subject_code`` is given).
    Two queries; rows carry no kind cells (:func:`quality_cells_fill`)."""
    query = sql.SQL(_ROWS_SQL).format(
        municipalities=sql.Identifier(Municipality._meta.db_table),
        year_rollups=sql.Identifier(MunicipalityYearRollup._meta.db_table),
    )
    with read_connection(MunicipalityYearRollup).cursor() as cursor:
        cursor.execute(query, [academic_year, MunicipalityStatus.ACTIVE])
        rows = [QualityRow(*values) for values in cursor.fetchall()]
    table = QualityRollup if subject_code else QualityKindRollup
    flagged = "0" if subject_code else "sum(r.organisations_flagged)::bigint"
    region_query = sql.SQL(_REGION_SQL).format(
        sums=sql.SQL(", ").join(
            sql.SQL("sum(r.{c})" if name == "score_sum" else "sum(r.{c})::bigint").format(c=sql.Identifier(name))
            for name in COUNT_NAMES
        ),
        flagged=sql.SQL(flagged),
        rollups=sql.Identifier(table._meta.db_table),
        kinds=sql.Identifier(ProcedureKind._meta.db_table),
        subject=sql.SQL("AND r.subject_code = %s" if subject_code else ""),
    )
    region: dict[str, KindCell] = {}
    columns: list[KindColumn] = []
    with read_connection(table).cursor() as cursor:
        cursor.execute(region_query, [academic_year, *([subject_code] if subject_code else [])])
        for code, short_name, result_form, organisations, organisations_flagged, *counts in cursor.fetchall():
            columns.append(KindColumn(code, short_name, result_form == ResultForm.MARKS))
            region[code] = KindCell(
                ResultCounts(*counts), organisations=organisations, organisations_flagged=organisations_flagged
            )
    return QualityOverview(academic_year=academic_year, rows=rows, kinds=columns, region=region)


def quality_cells_fill(rows: Sequence[QualityRow], *, academic_year: str, subject_code: str = "") -> None:
    """Give ``rows`` their cells per kind (the heat map's, the export's): one query."""
    by_id = {row.municipality_id: row for row in rows}
    if not by_id:
        return
    if subject_code:
        cells = QualityRollup.objects.filter(
            academic_year=academic_year, subject_code=subject_code, municipality_id__in=list(by_id)
        )
        grouped = cells.order_by().values("municipality_id", "kind_code").annotate(**_sums())
        for values in grouped:
            by_id[values["municipality_id"]].kinds[values["kind_code"]] = KindCell(rollup_counts(values))
        return
    found = QualityKindRollup.objects.filter(academic_year=academic_year, municipality_id__in=list(by_id))
    for values in found.values("municipality_id", "kind_code", "organisations", "organisations_flagged", *COUNT_NAMES):
        by_id[values["municipality_id"]].kinds[values["kind_code"]] = KindCell(
            rollup_counts(values),
            organisations=values["organisations"],
            organisations_flagged=values["organisations_flagged"],
        )


def quality_totals(rows: Sequence[QualityRow]) -> QualityRow:
    totals = QualityRow(municipality_id=0, name=str(_("Итого по региону")), slug="")
    """Sums over ``rows``: the year's columns, and the kind cells of the rows that have them."""
    for name in YEAR_NAMES:
        setattr(totals, name, sum(getattr(row, name) for row in rows))
    for row in rows:
        for code, cell in row.kinds.items():
            total = totals.kinds.setdefault(code, KindCell(ResultCounts()))
            total.counts = total.counts + cell.counts
            total.organisations += cell.organisations
            total.organisations_flagged += cell.organisations_flagged
    return totals


def quality_subjects() -> QuerySet[AssessmentSubject]:
    return AssessmentSubject.objects.all()


# --- sorting and filtering --------------------------------------------------------------------

SORT_KEYS = {
    "name": lambda r: r.name.lower(),
    "with_results": lambda r: r.with_results,
    "flagged": lambda r: r.flagged,
    "flagged_low": lambda r: r.flagged_low,
    "flagged_nonobjective": lambda r: r.flagged_nonobjective,
    "supported": lambda r: r.supported,
    "programmes_open": lambda r: r.programmes_open,
    "programmes_finished": lambda r: r.programmes_finished,
    "improved": lambda r: r.improved,
}


def quality_rows_filter(
    rows: Sequence[QualityRow], *, search: str = "", sort: str = "name", descending: bool = False
) -> list[QualityRow]:
    needle = search.strip().lower()
    selected = [row for row in rows if not needle or needle in row.name.lower()]
    return sorted(selected, key=SORT_KEYS.get(sort, SORT_KEYS["name"]), reverse=descending)


# --- the region's list of flagged organisations ---------------------------------------------

FLAG_FILTERS = ("low", "nonobjective")


def flagged_organisations(
    *,
    academic_year: str,
    search: str = "",
    flag: str = "",
    support_status: str = "",
    programme_status: str = "",
    municipality_id: int | None = None,
) -> QuerySet[QualityOrganisationRollup]:
    """Organisations of active municipalities flagged, decided on or with a programme in the year."""
    found = QualityOrganisationRollup.objects.filter(
        academic_year=academic_year, municipality__status=MunicipalityStatus.ACTIVE
    ).select_related("municipality")
    if municipality_id is not None:
        found = found.filter(municipality_id=municipality_id)
    needle = search.strip()
    if needle:
        found = found.filter(Q(organisation_name__icontains=needle) | Q(municipality__name__icontains=needle))
    if flag == "low":
        found = found.filter(flags_low__gt=0)
    elif flag == "nonobjective":
        found = found.filter(flags_nonobjective__gt=0)
    if support_status:
        found = found.filter(support_status=support_status)
    if programme_status:
        found = found.filter(programme_status=programme_status)
    return found.order_by(
        (F("flags_low") + F("flags_nonobjective")).desc(), "municipality__name", "organisation_name", "pk"
    )


# --- one municipality (the drill-down) ------------------------------------------------------


@dataclass(frozen=True)
class CellLine:
    kind: KindColumn
    subject: str
    grade: int
    own: IndicatorValues
    region: IndicatorValues
    organisations: int
    flagged_low: int
    flagged_nonobjective: int


def municipality_quality(*, municipality: Municipality, academic_year: str) -> list[CellLine]:
    """The municipality's results by kind, subject and grade with the region's beside them. Four queries."""
    own = list(
        QualityRollup.objects.filter(municipality=municipality, academic_year=academic_year).values(
            "kind_code",
            "subject_code",
            "grade",
            "organisations",
            "organisations_flagged_low",
            "organisations_flagged_nonobjective",
            *COUNT_NAMES,
        )
    )
    if not own:
        return []
    kind_codes = {r["kind_code"] for r in own}
    subject_codes = {r["subject_code"] for r in own}
    region_rows = (
        QualityRollup.objects.filter(
            academic_year=academic_year, kind_code__in=kind_codes, subject_code__in=subject_codes
        )
        .order_by()
        .values("kind_code", "subject_code", "grade")
        .annotate(**_sums())
    )
    region = {(r["kind_code"], r["subject_code"], r["grade"]): rollup_counts(r) for r in region_rows}
    kinds = {
        k.code: KindColumn(k.code, k.short_name, k.uses_marks)
        for k in ProcedureKind.objects.filter(code__in=kind_codes)
    }
    subjects = dict(AssessmentSubject.objects.filter(code__in=subject_codes).values_list("code", "name"))
    lines = [
        CellLine(
            kind=kinds.get(r["kind_code"]) or KindColumn(r["kind_code"], r["kind_code"], True),
            subject=subjects.get(r["subject_code"], r["subject_code"]),
            grade=r["grade"],
            own=IndicatorValues.of(rollup_counts(r)),
            region=IndicatorValues.of(region.get((r["kind_code"], r["subject_code"], r["grade"]), ResultCounts())),
            organisations=r["organisations"],
            flagged_low=r["organisations_flagged_low"],
            flagged_nonobjective=r["organisations_flagged_nonobjective"],
        )
        for r in own
    ]
    order = {code: index for index, code in enumerate(kinds)}
    lines.sort(key=lambda line: (order.get(line.kind.code, 99), line.subject, line.grade))
    return lines
