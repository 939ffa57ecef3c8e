"""The rules that flag an organisation's results: low, or with signs of non-objectivity.

Pure arithmetic over counts (``assessment.indicators.ResultCounts``) and the region's
thresholds (``assessment.models.QualityThresholds``): no database here, so every rule is tested
at its edges directly. The unit is what ФИС ОКО reports: one organisation's results in one
procedure, subject and grade («параллель»). A unit with fewer participants than the threshold
``min_participants`` is never flagged (one pupil would move its shares by tens of percent).

Low results (000 §2.2, 003 §1.3):

* ``low_share_2`` — the share of «2» is at least ``low_share_2`` %;
* ``low_below_minimum`` — for a procedure with scores (ЕГЭ), the share below the minimum score
  is at least ``low_below_minimum`` %.

Signs of non-objectivity, for kinds whose works the school marks itself (ВПР, regional and
municipal diagnostic work) — the signs Rosobrnadzor's methodology looks at:

* ``raised_marks`` — (ВПР) the share of participants whose mark for the work is above their
  journal mark is at least ``raised_share`` %;
* ``exam_gap`` — the same organisation's state exam in the same subject and year is far below:
  grades 5–9 against ОГЭ (quality, «4» and «5»), grades 10–11 against ЕГЭ (success, at or above
  the minimum); a gap of at least ``exam_gap`` percentage points;
* ``jump`` — quality rose by at least ``jump`` percentage points against last year's results of
  the same kind, subject and grade;
* ``distribution`` — the distribution of marks is at least ``distribution_distance`` % away from
  the region's (half the sum of the absolute differences of the shares of «2»–«5»), and the
  organisation's quality is above the region's.

Every comparison is exact (fractions), «at least» (≥): a flag is raised exactly at its threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assessment.indicators import ResultCounts, distribution_distance, percent
from assessment.models import QualityThresholds

BASIC_EXAM_GRADES = range(5, 10)  # ВПР of grades 5–9 against ОГЭ (grade 9)
SECONDARY_EXAM_GRADES = range(10, 12)  # ВПР of grades 10–11 against ЕГЭ (grade 11)
BASIC, SECONDARY = "basic", "secondary"


@dataclass(frozen=True)
class KindInfo:
    """What the rules need to know about a procedure's kind."""

    code: str
    uses_marks: bool
    journal_comparison: bool
    objectivity_checked: bool
    is_state_exam: bool
    grades: tuple[int, ...]

    @property
    def exam_level(self) -> str | None:
        """Which grades' results a state exam is compared with: ОГЭ (9) basic, ЕГЭ (11) secondary."""
        if not self.is_state_exam:
            return None
        if 11 in self.grades:
            return SECONDARY
        if 9 in self.grades:
            return BASIC
        return None


def exam_level_of_grade(grade: int) -> str | None:
    if grade in BASIC_EXAM_GRADES:
        return BASIC
    if grade in SECONDARY_EXAM_GRADES:
        return SECONDARY
    return None


@dataclass(frozen=True)
class Cell:
    """One organisation's results in one procedure, subject and grade."""

    organisation_id: int
    procedure_id: int
    kind: KindInfo
    subject_id: int
    subject_code: str
    grade: int
    counts: ResultCounts


@dataclass(frozen=True)
class Finding:
    organisation_id: int
    procedure_id: int
    subject_id: int
    grade: int
    reason: str
    participants: int
    value: Decimal
    threshold: Decimal
    compared_with: Decimal | None = None
    own_quality: Decimal | None = None

    @property
    def key(self) -> tuple[int, int, int, int, str]:
        return (self.organisation_id, self.procedure_id, self.subject_id, self.grade, self.reason)


def _at_least(share: Fraction | None, threshold: Decimal) -> bool:
    return share is not None and share * 100 >= Fraction(threshold)


def _percent(share: Fraction | None) -> Decimal:
    value = percent(share)
    assert value is not None
    return value


@dataclass(frozen=True)
class Context:
    """What the rules compare a cell with.

    ``last_year``: counts by (organisation, kind code, subject id, grade) a year before;
    ``exams``: the organisation's state exams by (organisation, subject id, exam level), with
    whether the exam has marks; ``region``: the region's counts by (kind code, subject code, grade).
    """

    thresholds: QualityThresholds
    last_year: Mapping[tuple[int, str, int, int], ResultCounts]
    exams: Mapping[tuple[int, int, str], tuple[ResultCounts, bool]]
    region: Mapping[tuple[str, str, int], ResultCounts]


def cell_findings(cell: Cell, context: Context) -> list[Finding]:
    """Every flag the rules raise on one cell."""
    t = context.thresholds
    counts = cell.counts
    if counts.participants < t.min_participants:
        return []
    found: list[Finding] = []

    def add(reason: str, value: Decimal, threshold: Decimal, **extra: Decimal | None) -> None:
        found.append(
            Finding(
                organisation_id=cell.organisation_id,
                procedure_id=cell.procedure_id,
                subject_id=cell.subject_id,
                grade=cell.grade,
                reason=reason,
                participants=counts.participants,
                value=value,
                threshold=threshold,
                **extra,
            )
        )

    if counts.marks_participants and _at_least(counts.share_2, t.low_share_2):
        add("low_share_2", _percent(counts.share_2), t.low_share_2)
    if counts.score_participants and _at_least(counts.below_minimum_share, t.low_below_minimum):
        add("low_below_minimum", _percent(counts.below_minimum_share), t.low_below_minimum)
    if not cell.kind.objectivity_checked or not counts.marks_participants:
        return found

    quality = counts.quality
    if (
        cell.kind.journal_comparison
        and counts.journal_participants >= t.min_participants
        and _at_least(counts.raised_share, t.raised_share)
    ):
        add("raised_marks", _percent(counts.raised_share), t.raised_share)

    level = exam_level_of_grade(cell.grade)
    exam = context.exams.get((cell.organisation_id, cell.subject_id, level)) if level else None
    if exam is not None and exam[0].participants >= t.min_participants:
        exam_counts, exam_has_marks = exam
        own, theirs = (quality, exam_counts.quality) if exam_has_marks else (counts.success, exam_counts.success)
        if own is not None and theirs is not None and _at_least(own - theirs, t.exam_gap):
            add("exam_gap", _percent(own), t.exam_gap, compared_with=_percent(theirs))

    last = context.last_year.get((cell.organisation_id, cell.kind.code, cell.subject_id, cell.grade))
    if last is not None and last.marks_participants >= t.min_participants and quality is not None:
        before = last.quality
        if before is not None and _at_least(quality - before, t.jump):
            add("jump", _percent(quality), t.jump, compared_with=_percent(before))

    region = context.region.get((cell.kind.code, cell.subject_code, cell.grade))
    region_quality = region.quality if region is not None else None
    if region is not None and quality is not None and region_quality is not None and quality > region_quality:
        distance = distribution_distance(counts, region)
        if _at_least(distance, t.distribution_distance):
            add(
                "distribution",
                _percent(distance),
                t.distribution_distance,
                compared_with=_percent(region_quality),
                own_quality=_percent(quality),
            )
    return found


def findings(cells: Iterable[Cell], context: Context) -> list[Finding]:
    return [finding for cell in cells for finding in cell_findings(cell, context)]
