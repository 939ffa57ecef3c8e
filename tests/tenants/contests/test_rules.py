"""The contest's rules at their edges: marks within the maximum, ranks with ties, titles, who goes on, sheets."""

from __future__ import annotations

from decimal import Decimal

from tenants.contests.rules import (
    Entry,
    mark_problem,
    may_have_result,
    outcomes,
    ranks,
    shared_first_places,
    sheets_missing,
)

D = Decimal


def test_a_mark_is_from_zero_to_the_maximum():
    assert mark_problem(D("0"), D("20")) is None
    assert mark_problem(D("20"), D("20")) is None
    assert mark_problem(D("20.01"), D("20")) is not None
    assert mark_problem(D("-0.01"), D("20")) is not None
    assert mark_problem(None, D("20")) is not None


def test_equal_totals_share_a_place_and_the_next_place_is_skipped():
    entries = [Entry("a", None, D(90)), Entry("b", None, D(80)), Entry("c", None, D(80)), Entry("d", None, D(70))]
    assert ranks(entries) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_the_jurys_decision_splits_equal_totals():
    entries = [Entry("b", None, D(80), tie_break=0), Entry("c", None, D(80), tie_break=1)]
    assert ranks(entries) == {"c": 1, "b": 2}


def test_ranking_is_within_the_nomination():
    entries = [Entry("a", "debut", D(50)), Entry("b", "teacher", D(90)), Entry("c", "debut", D(60))]
    assert ranks(entries) == {"c": 1, "a": 2, "b": 1}


def test_titles_follow_the_places_and_the_winner_goes_on():
    entries = [Entry(k, None, D(t)) for k, t in (("a", 95), ("b", 90), ("c", 85), ("d", 85), ("e", 60))]
    found = outcomes(entries, prize_places=2)
    assert {k: o.result for k, o in found.items()} == {
        "a": "winner", "b": "prize_winner", "c": "prize_winner", "d": "prize_winner", "e": "participant",
    }  # fmt: skip
    # c and d share the third place, the last prize place: both are prize-winners, e (5th) is not.
    assert [k for k, o in found.items() if o.advances] == ["a"]
    assert outcomes(entries, prize_places=1)["c"].result == "participant"
    assert outcomes(entries, prize_places=0)["b"].result == "participant"


def test_a_shared_first_place_is_for_the_jury():
    assert shared_first_places([Entry("a", "n", D(90)), Entry("b", "n", D(90))]) == ["n"]
    assert shared_first_places([Entry("a", "n", D(90)), Entry("b", "n", D(90), tie_break=1)]) == []
    assert shared_first_places([Entry("a", "n", D(90)), Entry("b", "m", D(90))]) == []


def test_every_juror_owes_a_mark_per_participant_and_criterion():
    marked = [("j1", "p1", "c1"), ("j1", "p1", "c2"), ("j1", "p2", "c1"), ("j1", "p2", "c2"), ("j2", "p1", "c1")]
    missing = sheets_missing(jurors=["j1", "j2", "j3"], participants=["p1", "p2"], criteria=["c1", "c2"], marked=marked)
    assert missing == {"j2": 3, "j3": 4}
    # A mark for someone no longer admitted does not count.
    assert sheets_missing(jurors=["j1"], participants=["p1"], criteria=["c1"], marked=[("j1", "gone", "c1")]) == {
        "j1": 1
    }


def test_later_stages_only_for_those_who_went_on():
    assert may_have_result(level="municipal", previous_advances=None)
    assert may_have_result(level="regional", previous_advances=True)
    assert not may_have_result(level="regional", previous_advances=False)
    assert not may_have_result(level="federal", previous_advances=None)
