"""The indicators screen: each organisation's results beside the municipality's, the region's and last year's.

For one kind of procedure in one academic year, optionally one subject and one grade: per
organisation — participants, share of «2» (or below the minimum), quality, success, mean — and
last year's quality and success; then the municipality (its organisations summed) and the region
(the roll-ups of every municipality, this one included). Numbers only: no teacher appears here,
and no figure is ever broken down by teacher (ВПР results never assess teachers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from assessment.indicators import IndicatorValues, ResultCounts
from assessment.models import AssessmentSubject, ProcedureKind
from tenants.academic_years import AcademicYear
from tenants.organisations.models import Organisation
from tenants.quality.models import AssessmentResult, Flag
from tenants.quality.selectors.region import region_counts
from tenants.quality.selectors.results import grouped_counts, total_counts


@dataclass(frozen=True)
class IndicatorRow:
    label: str
    values: IndicatorValues
    last_year: IndicatorValues | None
    organisation: Organisation | None = None
    flags: list[Flag] = field(default_factory=list)
    is_total: bool = False

    @property
    def quality_change(self) -> object | None:
        if self.last_year is None or self.values.quality is None or self.last_year.quality is None:
            return None
        return self.values.quality - self.last_year.quality


@dataclass(frozen=True)
class IndicatorTable:
    year: AcademicYear
    kind: ProcedureKind
    subject: AssessmentSubject | None
    grade: int | None
    rows: list[IndicatorRow]
    municipality: IndicatorRow
    region: IndicatorRow

    @property
    def uses_marks(self) -> bool:
        return self.kind.uses_marks


def _results(
    *, year: int, kind: ProcedureKind, subject: AssessmentSubject | None, grade: int | None
) -> QuerySet[AssessmentResult]:
    results = AssessmentResult.objects.filter(procedure__academic_year=year, procedure__kind=kind)
    if subject is not None:
        results = results.filter(subject=subject)
    if grade is not None:
        results = results.filter(grade=grade)
    return results


def _region(
    *, year: int, kind: ProcedureKind, subject: AssessmentSubject | None, grade: int | None
) -> ResultCounts | None:
    cells = region_counts(
        academic_year=year, kind_codes=[kind.code], subject_codes=[subject.code] if subject is not None else None
    )
    chosen = [counts for (_k, _s, g), counts in cells.items() if grade is None or g == grade]
    return ResultCounts.total(chosen) if chosen else None


def indicator_table(
    *, academic_year: int, kind: ProcedureKind, subject: AssessmentSubject | None = None, grade: int | None = None
) -> IndicatorTable:
    year = AcademicYear(academic_year)
    now = _results(year=year.start, kind=kind, subject=subject, grade=grade)
    before = _results(year=year.start - 1, kind=kind, subject=subject, grade=grade)
    current = dict(grouped_counts(now, "organisation_id"))
    last = dict(grouped_counts(before, "organisation_id"))
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=[k[0] for k in current])}
    flags: dict[int, list[Flag]] = {}
    found = Flag.objects.filter(academic_year=year.start, procedure__kind=kind, organisation_id__in=list(organisations))
    if subject is not None:
        found = found.filter(subject=subject)
    if grade is not None:
        found = found.filter(grade=grade)
    for flag in found.select_related("procedure__kind", "subject"):
        flags.setdefault(flag.organisation_id, []).append(flag)
    rows = [
        IndicatorRow(
            label=organisations[key[0]].short_name,
            organisation=organisations[key[0]],
            values=IndicatorValues.of(counts),
            last_year=IndicatorValues.of(last[key]) if key in last else None,
            flags=flags.get(key[0], []),
        )
        for key, counts in sorted(current.items(), key=lambda item: organisations[item[0][0]].short_name)
    ]
    municipality_now, municipality_before = total_counts(now), total_counts(before)
    region_now = _region(year=year.start, kind=kind, subject=subject, grade=grade)
    region_before = _region(year=year.start - 1, kind=kind, subject=subject, grade=grade)
    return IndicatorTable(
        year=year,
        kind=kind,
        subject=subject,
        grade=grade,
        rows=rows,
        municipality=IndicatorRow(
            label="",
            values=IndicatorValues.of(municipality_now),
            last_year=IndicatorValues.of(municipality_before) if not municipality_before.is_empty else None,
            is_total=True,
        ),
        region=IndicatorRow(
            label="",
            values=IndicatorValues.of(region_now or ResultCounts()),
            last_year=IndicatorValues.of(region_before) if region_before is not None else None,
            is_total=True,
        ),
    )


@dataclass(frozen=True)
class SubjectSummary:
    """One procedure kind and subject of a year, the whole municipality (for monitoring and cards)."""

    kind: ProcedureKind
    subject: AssessmentSubject
    values: IndicatorValues


def subject_summaries(*, academic_year: int, organisation_id: int | None = None) -> list[SubjectSummary]:
    """The year's indicators by kind and subject (of one organisation, or the whole municipality)."""
    results = AssessmentResult.objects.filter(procedure__academic_year=academic_year)
    if organisation_id is not None:
        results = results.filter(organisation_id=organisation_id)
    grouped = grouped_counts(results, "procedure__kind_id", "subject_id")
    kinds = {k.pk: k for k in ProcedureKind.objects.filter(pk__in={key[0] for key, _c in grouped})}
    subjects = {s.pk: s for s in AssessmentSubject.objects.filter(pk__in={key[1] for key, _c in grouped})}
    summaries = [
        SubjectSummary(kind=kinds[kind_id], subject=subjects[subject_id], values=IndicatorValues.of(counts))
        for (kind_id, subject_id), counts in grouped
    ]
    return sorted(summaries, key=lambda s: (s.kind.position, s.kind.short_name, s.subject.position, s.subject.name))
