"""Every indicator and every flag rule at its edges: raised exactly at the threshold, not a hair below."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from assessment.indicators import IndicatorValues, ResultCounts, distribution_distance, percent
from assessment.models import QualityThresholds
from tenants.quality.flagging import Cell, Context, KindInfo, cell_findings, exam_level_of_grade
from tenants.quality.models import result_counts

VPR = KindInfo("vpr", True, True, True, False, (4, 5, 6, 7, 8, 10, 11))
OGE = KindInfo("oge", True, False, False, True, (9,))
EGE = KindInfo("ege", False, False, False, True, (11,))
MDR = KindInfo("municipal", True, False, True, False, tuple(range(1, 12)))


def counts(m2: int, m3: int, m4: int, m5: int, journal: tuple[int, int, int] | None = None) -> ResultCounts:
    return result_counts(
        participants=m2 + m3 + m4 + m5,
        marks=(m2, m3, m4, m5),
        mean_score=None,
        below_minimum=None,
        journal=journal or (None, None, None),
    )


def score_counts(participants: int, mean: str, below: int) -> ResultCounts:
    return result_counts(
        participants=participants, marks=(None,) * 4, mean_score=Decimal(mean), below_minimum=below, journal=(None,) * 3
    )


def cell(c: ResultCounts, *, kind: KindInfo = VPR, grade: int = 5, org: int = 1) -> Cell:
    return Cell(
        organisation_id=org, procedure_id=1, kind=kind, subject_id=7, subject_code="math", grade=grade, counts=c
    )


def context(**parts: object) -> Context:
    return Context(
        thresholds=parts.pop("thresholds", QualityThresholds()),  # type: ignore[arg-type]
        last_year=parts.pop("last_year", {}),  # type: ignore[arg-type]
        exams=parts.pop("exams", {}),  # type: ignore[arg-type]
        region=parts.pop("region", {}),  # type: ignore[arg-type]
    )


def reasons(c: Cell, ctx: Context | None = None) -> list[str]:
    return [f.reason for f in cell_findings(c, ctx or context())]


# Indicators ------------------------------------------------------------------------------------


def test_indicators_of_marks():
    c = counts(2, 8, 7, 3)  # 20 participants
    assert c.share_2 == Fraction(1, 10)
    assert c.quality == Fraction(1, 2)
    assert c.success == Fraction(9, 10)
    assert c.mean == Fraction(2 * 2 + 3 * 8 + 4 * 7 + 5 * 3, 20)  # 3.55
    values = IndicatorValues.of(c)
    assert (values.share_2, values.quality, values.success, values.mean) == (
        Decimal("10.0"),
        Decimal("50.0"),
        Decimal("90.0"),
        Decimal("3.55"),
    )


def test_indicators_of_scores_and_the_journal():
    ege = score_counts(40, "61.25", 4)
    assert ege.share_2 is None and ege.quality is None
    assert ege.success == Fraction(36, 40) and ege.below_minimum_share == Fraction(1, 10)
    assert ege.mean == Fraction("61.25")
    vpr = counts(1, 9, 8, 2, journal=(3, 14, 3))
    assert vpr.raised_share == Fraction(3, 20)
    assert (ege + vpr).mean == vpr.mean  # marks win where both kinds are summed


def test_indicators_of_nothing_are_none():
    empty = ResultCounts()
    assert empty.share_2 is None and empty.quality is None and empty.success is None and empty.mean is None
    assert IndicatorValues.of(empty).quality is None
    assert percent(Fraction(1, 3)) == Decimal("33.3") and percent(Fraction(2, 3)) == Decimal("66.7")
    assert percent(Fraction(1, 8)) == Decimal("12.5")


def test_counts_add_up():
    total = ResultCounts.total([counts(1, 2, 3, 4), counts(4, 3, 2, 1), score_counts(10, "50", 1)])
    assert (total.participants, total.marks_participants, total.score_participants) == (30, 20, 10)
    assert (total.marks_2, total.marks_5, total.below_minimum) == (5, 5, 1)


# Low results -----------------------------------------------------------------------------------


def test_share_of_2_at_the_threshold_is_low_and_a_hair_below_is_not():
    assert reasons(cell(counts(5, 10, 4, 1))) == ["low_share_2"]  # 5 / 20 = 25 %
    assert reasons(cell(counts(5, 11, 4, 1))) == []  # 5 / 21 = 23.8 %
    assert reasons(cell(counts(10, 20, 9, 1))) == ["low_share_2"]  # 10 / 40 = 25 %
    assert reasons(cell(counts(10, 21, 9, 1))) == []  # 10 / 41 = 24.39 %


def test_too_few_participants_are_never_flagged():
    assert reasons(cell(counts(5, 4, 0, 0))) == []  # 9 participants, 56 % «2»
    assert reasons(cell(counts(5, 5, 0, 0))) == ["low_share_2"]  # 10 participants
    custom = QualityThresholds(min_participants=30)
    assert reasons(cell(counts(10, 10, 0, 0)), context(thresholds=custom)) == []


def test_below_minimum_for_ege():
    assert reasons(cell(score_counts(20, "48", 2), kind=EGE, grade=11)) == ["low_below_minimum"]  # 10 %
    assert reasons(cell(score_counts(21, "48", 2), kind=EGE, grade=11)) == []  # 9.5 %


def test_low_results_count_for_every_kind_including_state_exams():
    assert reasons(cell(counts(5, 10, 4, 1), kind=OGE, grade=9)) == ["low_share_2"]


# Non-objectivity -------------------------------------------------------------------------------


def test_raised_marks_at_the_threshold():
    assert reasons(cell(counts(0, 10, 8, 2, journal=(2, 15, 3)))) == ["raised_marks"]  # 3 / 20 = 15 %
    assert reasons(cell(counts(0, 11, 8, 2, journal=(3, 15, 3)))) == []  # 3 / 21 = 14.3 %


def test_raised_marks_need_a_kind_that_keeps_the_journal():
    assert reasons(cell(counts(0, 10, 8, 2, journal=(2, 15, 3)), kind=MDR)) == []


def test_state_exams_are_not_checked_for_objectivity():
    oge = cell(counts(0, 0, 0, 20), kind=OGE, grade=9)
    region = {("oge", "math", 9): counts(5, 10, 4, 1)}
    assert reasons(oge, context(region=region)) == []


def test_gap_with_oge_at_the_threshold():
    vpr = cell(counts(0, 10, 8, 2), grade=8)  # quality 50 %
    at = {(1, 7, "basic"): (counts(0, 16, 4, 0), True)}  # quality 20 %: a gap of 30 p.p.
    below = {(1, 7, "basic"): (counts(0, 15, 5, 0), True)}  # 25 %: 25 p.p.
    found = cell_findings(vpr, context(exams=at))
    assert [f.reason for f in found] == ["exam_gap"]
    assert (found[0].value, found[0].compared_with) == (Decimal("50.0"), Decimal("20.0"))
    assert reasons(vpr, context(exams=below)) == []


def test_gap_with_ege_compares_success_and_grades_pick_their_exam():
    vpr = cell(counts(0, 10, 8, 2), grade=11)  # success 100 %
    ege = {(1, 7, "secondary"): (score_counts(20, "40", 6), False)}  # success 70 %: 30 p.p.
    assert reasons(vpr, context(exams=ege)) == ["exam_gap"]
    assert reasons(cell(counts(0, 10, 8, 2), grade=8), context(exams=ege)) == []  # grade 8 is compared with ОГЭ
    assert reasons(cell(counts(0, 10, 8, 2), grade=4), context(exams={(1, 7, None): ege[(1, 7, "secondary")]})) == []
    assert [exam_level_of_grade(g) for g in (4, 5, 9, 10, 11)] == [None, "basic", "basic", "secondary", "secondary"]


def test_gap_needs_enough_exam_participants():
    vpr = cell(counts(0, 10, 8, 2), grade=8)
    assert reasons(vpr, context(exams={(1, 7, "basic"): (counts(0, 8, 1, 0), True)})) == []  # 9 took the exam


def test_jump_from_last_year_at_the_threshold():
    now = cell(counts(0, 10, 8, 2))  # 50 %
    at = {(1, "vpr", 7, 5): counts(0, 15, 5, 0)}  # 25 %: +25 p.p.
    below = {(1, "vpr", 7, 5): counts(0, 14, 6, 0)}  # 30 %: +20 p.p.
    assert reasons(now, context(last_year=at)) == ["jump"]
    assert reasons(now, context(last_year=below)) == []
    other_grade = {(1, "vpr", 7, 6): counts(0, 15, 5, 0)}
    assert reasons(now, context(last_year=other_grade)) == []


def test_distribution_unlike_the_regions_only_when_better():
    region = {("vpr", "math", 5): counts(20, 50, 25, 5)}  # 20/50/25/5 %, quality 30 %
    # 0/20/50/30 %: distance (20 + 30 + 25 + 25) / 2 = 50 %
    assert reasons(cell(counts(0, 4, 10, 6)), context(region=region)) == ["distribution"]
    # 10/35/40/15 %: distance (10 + 15 + 15 + 10) / 2 = 25 % — under 30 %
    assert reasons(cell(counts(2, 7, 8, 3)), context(region=region)) == []
    # Far from the region but worse: that is low results, not a sign of non-objectivity.
    assert reasons(cell(counts(4, 16, 0, 0)), context(region=region)) == []  # 20 % «2»: not low either


def test_distribution_at_exactly_the_threshold():
    region = {("vpr", "math", 5): counts(0, 20, 0, 0)}  # all «3»
    # 0/14/6/0 of 20: distance 30 %
    found = cell_findings(cell(counts(0, 14, 6, 0)), context(region=region))
    assert [f.reason for f in found] == ["distribution"]
    assert found[0].value == Decimal("30.0") and found[0].own_quality == Decimal("30.0")
    assert reasons(cell(counts(0, 15, 5, 0)), context(region=region)) == []  # 25 %
    assert distribution_distance(counts(0, 14, 6, 0), counts(0, 20, 0, 0)) == Fraction(3, 10)


def test_one_cell_may_have_several_reasons():
    c = cell(counts(5, 5, 5, 5, journal=(0, 10, 10)))
    found = reasons(c, context(last_year={(1, "vpr", 7, 5): counts(10, 10, 0, 0)}))
    assert found == ["low_share_2", "raised_marks", "jump"]


@pytest.mark.parametrize("threshold", ["0", "100"])
def test_extreme_thresholds(threshold):
    t = QualityThresholds(low_share_2=Decimal(threshold))
    flagged = reasons(cell(counts(0, 20, 0, 0)), context(thresholds=t))
    assert flagged == (["low_share_2"] if threshold == "0" else [])
