"""The stage rules at their edges: award above half the maximum, passing score reached, quota, ranking."""

from __future__ import annotations

from decimal import Decimal

from tenants.olympiads.rules import (
    PARTICIPANT,
    PRIZE_WINNER,
    WINNER,
    Entry,
    advances,
    award_allowed,
    awarded_limit,
    protocol_problems,
    statuses_suggest,
)

D = Decimal


def test_award_needs_more_than_half_the_maximum():
    assert award_allowed(score=D("50"), max_score=D("100")) is not None  # exactly half: refused
    assert award_allowed(score=D("50.01"), max_score=D("100")) is None
    assert award_allowed(score=None, max_score=D("100")) is not None
    assert award_allowed(score=D("1"), max_score=None) is None  # no maximum set: only a score is needed


def test_a_participant_goes_on_with_the_passing_score_or_more():
    assert advances(score=D("35"), passing_score=D("35")) is True  # equal is enough
    assert advances(score=D("34.99"), passing_score=D("35")) is False
    assert advances(score=None, passing_score=D("35")) is False
    assert advances(score=D("90"), passing_score=None) is False  # no passing score yet: nobody goes on
    assert advances(score=D("90"), passing_score=D("10"), has_next_stage=False) is False  # after the final


def test_quota_rounds_down():
    assert awarded_limit(participants=10, quota_percent=45) == 4
    assert awarded_limit(participants=20, quota_percent=45) == 9
    assert awarded_limit(participants=2, quota_percent=45) == 0


def _entries(*rows):
    return [
        Entry(key=i, grade=grade, score=D(score) if score is not None else None, status=status)
        for i, (grade, score, status) in enumerate(rows)
    ]


def test_protocol_within_quota_and_ranking_has_no_problems():
    rows = _entries(
        (9, "80", WINNER),
        (9, "70", PRIZE_WINNER),
        (9, "40", PARTICIPANT),
        (9, "30", PARTICIPANT),
        (9, "20", PARTICIPANT),
    )
    assert protocol_problems(rows, quota_percent=45, max_score=D(100)) == []


def test_protocol_over_the_quota_is_refused():
    rows = _entries((9, "80", WINNER), (9, "70", PRIZE_WINNER), (9, "60", PRIZE_WINNER), (9, "20", PARTICIPANT))
    problems = protocol_problems(rows, quota_percent=45, max_score=D(100))  # 4 × 45 % = 1
    assert len(problems) == 1 and "квоте 1" in problems[0]


def test_a_higher_status_with_fewer_points_is_refused():
    rows = _entries((9, "60", WINNER), (9, "70", PARTICIPANT), (9, "10", PARTICIPANT), (9, "5", PARTICIPANT))
    problems = protocol_problems(rows, quota_percent=50, max_score=D(100))
    assert any("рейтингу" in p for p in problems)
    # Another grade is another ranking: the same scores across grades are fine.
    rows = _entries((9, "60", WINNER), (10, "70", PARTICIPANT), (9, "10", PARTICIPANT), (10, "5", PARTICIPANT))
    assert protocol_problems(rows, quota_percent=50, max_score=D(100)) == []


def test_award_at_half_the_maximum_is_a_protocol_problem():
    rows = _entries((9, "50", WINNER), (9, "10", PARTICIPANT), (9, "5", PARTICIPANT), (9, "1", PARTICIPANT))
    assert any("половиной" in p for p in protocol_problems(rows, quota_percent=50, max_score=D(100)))


def test_suggested_statuses_follow_the_rules():
    rows = _entries(
        (9, "90", PARTICIPANT),  # top: winner
        (9, "80", PARTICIPANT),  # prize-winner
        (9, "80", PARTICIPANT),  # tied with the one above: prize-winner too
        (9, "70", PARTICIPANT),  # fourth place would overrun the quota of 4? no: 4 of 10 × 45 % = 4
        (9, "60", PARTICIPANT),  # fifth: over the quota
        (9, "50", PARTICIPANT),  # half the maximum: never awarded
        (9, "10", PARTICIPANT),
        (9, "10", PARTICIPANT),
        (9, "5", PARTICIPANT),
        (9, None, PARTICIPANT),
    )
    suggested = statuses_suggest(rows, quota_percent=45, max_score=D(100))
    assert [suggested[i] for i in range(6)] == [
        WINNER,
        PRIZE_WINNER,
        PRIZE_WINNER,
        PRIZE_WINNER,
        PARTICIPANT,
        PARTICIPANT,
    ]
    assert (
        protocol_problems(
            [Entry(e.key, e.grade, e.score, suggested[e.key]) for e in rows], quota_percent=45, max_score=D(100)
        )
        == []
    )


def test_a_tie_that_would_overrun_the_quota_is_left_to_the_jury():
    rows = _entries(
        (9, "90", PARTICIPANT),
        (9, "80", PARTICIPANT),
        (9, "80", PARTICIPANT),
        (9, "10", PARTICIPANT),
        (9, "5", PARTICIPANT),
    )
    suggested = statuses_suggest(rows, quota_percent=45, max_score=D(100))  # limit 2: the tie of two does not fit
    assert [suggested[i] for i in range(5)] == [WINNER, PARTICIPANT, PARTICIPANT, PARTICIPANT, PARTICIPANT]
