"""The effect of a support programme: the next procedures' indicators against the baseline year.

For the programme's organisation and subjects (all subjects when none are named), each kind of
procedure of the programme's first academic year (the baseline) is compared with the same
kind in the latest later year that has results. The verdict:

* for low results — the share of «2» (below the minimum, for ЕГЭ) fell in at least one kind and
  rose in none;
* for non-objectivity — fewer signs of non-objectivity in the latest year than in the baseline
  (none, if there were none);
* for both reasons, both; ``None`` while no later results exist.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from assessment.indicators import IndicatorValues, ResultCounts
from tenants.academic_years import AcademicYear
from tenants.quality.models import REASON_KIND, AssessmentResult, Flag, FlagKind, SupportProgramme
from tenants.quality.selectors.results import grouped_counts


@dataclass(frozen=True)
class EffectRow:
    kind_code: str
    kind_name: str
    baseline: IndicatorValues
    latest: IndicatorValues | None
    uses_marks: bool
    problem_before: Fraction | None
    problem_after: Fraction | None

    @property
    def problem_fell(self) -> bool | None:
        if self.problem_before is None or self.problem_after is None:
            return None
        return self.problem_after < self.problem_before


@dataclass(frozen=True)
class Effect:
    baseline_year: AcademicYear
    latest_year: AcademicYear | None
    rows: list[EffectRow]
    nonobjective_before: int
    nonobjective_after: int | None
    improved: bool | None


def _problem(counts: ResultCounts) -> Fraction | None:
    return counts.share_2 if counts.marks_participants else counts.below_minimum_share


def programme_effect(programme: SupportProgramme) -> Effect:
    baseline = programme.academic_year
    subject_ids = list(programme.subjects.values_list("pk", flat=True))
    results = AssessmentResult.objects.filter(
        organisation_id=programme.organisation_id, procedure__academic_year__gte=baseline
    )
    if subject_ids:
        results = results.filter(subject_id__in=subject_ids)
    by_year_kind: dict[int, dict[str, ResultCounts]] = defaultdict(dict)
    names: dict[str, tuple[str, bool]] = {}
    for (year, code, name, form), counts in grouped_counts(
        results,
        "procedure__academic_year",
        "procedure__kind__code",
        "procedure__kind__short_name",
        "procedure__kind__result_form",
    ):
        by_year_kind[year][code] = by_year_kind[year].get(code, ResultCounts()) + counts
        names[code] = (name, form == "marks")
    later = sorted(y for y in by_year_kind if y > baseline)
    latest = later[-1] if later else None
    rows = []
    for code, before in sorted(by_year_kind.get(baseline, {}).items()):
        after = by_year_kind[latest].get(code) if latest is not None else None
        rows.append(
            EffectRow(
                kind_code=code,
                kind_name=names[code][0],
                baseline=IndicatorValues.of(before),
                latest=IndicatorValues.of(after) if after is not None else None,
                uses_marks=names[code][1],
                problem_before=_problem(before),
                problem_after=_problem(after) if after is not None else None,
            )
        )
    flags = Flag.objects.filter(organisation_id=programme.organisation_id)
    if subject_ids:
        flags = flags.filter(subject_id__in=subject_ids)
    nonobjective = [r for r, kind in REASON_KIND.items() if kind == FlagKind.NONOBJECTIVE]
    before_count = flags.filter(academic_year=baseline, reason__in=nonobjective).count()
    after_count = flags.filter(academic_year=latest, reason__in=nonobjective).count() if latest is not None else None
    return Effect(
        baseline_year=AcademicYear(baseline),
        latest_year=AcademicYear(latest) if latest is not None else None,
        rows=rows,
        nonobjective_before=before_count,
        nonobjective_after=after_count,
        improved=_verdict(programme, rows, before_count, after_count),
    )


def _verdict(programme: SupportProgramme, rows: list[EffectRow], before: int, after: int | None) -> bool | None:
    reasons = set(programme.reasons) or {FlagKind.LOW, FlagKind.NONOBJECTIVE}
    verdicts: list[bool | None] = []
    if FlagKind.LOW in reasons:
        compared = [row.problem_fell for row in rows if row.problem_fell is not None]
        rose = any(
            row.problem_after > row.problem_before
            for row in rows
            if row.problem_before is not None and row.problem_after is not None
        )
        verdicts.append(None if not compared else any(compared) and not rose)
    if FlagKind.NONOBJECTIVE in reasons:
        verdicts.append(None if after is None else (after < before if before else after == 0))
    if any(v is None for v in verdicts):
        return None
    return all(verdicts)
