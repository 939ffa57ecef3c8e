"""The olympiad's rules at each stage, as pure functions (no database): who may be awarded,
who goes on, whether a protocol's statuses agree with its scores, and a suggestion of statuses.

003 §1.3 asks the service to organise pupils' participation in every stage; the rules are the
organiser's: a winner or a prize-winner must score more than half of the round's maximum
score; winners and prize-winners together stay within the organiser's quota (a share of the
grade's participants); a higher status never goes with a lower score than a lower status in the
same grade; and a participant goes on to the next stage with at least the passing score that
stage's organiser set for the grade.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

WINNER, PRIZE_WINNER, PARTICIPANT = "winner", "prize_winner", "participant"
RANK = {WINNER: 2, PRIZE_WINNER: 1, PARTICIPANT: 0}


def award_allowed(*, score: Decimal | None, max_score: Decimal | None) -> str | None:
    """Why a winner's or prize-winner's status is refused, or None when it may stand."""
    if score is None:
        return _("Победителем или призёром может быть только участник с баллами.")
    if max_score is not None and score * 2 <= max_score:
        return _("Победителем или призёром признаётся участник, набравший больше половины максимального балла.")
    return None


def advances(*, score: Decimal | None, passing_score: Decimal | None, has_next_stage: bool = True) -> bool:
    """Whether a participant goes on: a score at least the grade's passing score (equal is enough)."""
    return has_next_stage and score is not None and passing_score is not None and score >= passing_score


def awarded_limit(*, participants: int, quota_percent: int) -> int:
    """How many winners and prize-winners a grade may have: the quota's share, rounded down."""
    return math.floor(participants * quota_percent / 100)


@dataclass(frozen=True)
class Entry:
    """One participant as the rules see them."""

    key: int
    grade: int
    score: Decimal | None
    status: str


def protocol_problems(entries: Iterable[Entry], *, quota_percent: int, max_score: Decimal | None) -> list[str]:
    """What keeps a round's protocol from being published, grade by grade (empty: it may be)."""
    problems: list[str] = []
    by_grade: dict[int, list[Entry]] = {}
    for entry in entries:
        by_grade.setdefault(entry.grade, []).append(entry)
    for grade in sorted(by_grade):
        rows = by_grade[grade]
        awarded = [e for e in rows if e.status in (WINNER, PRIZE_WINNER)]
        limit = awarded_limit(participants=len(rows), quota_percent=quota_percent)
        if len(awarded) > limit:
            problems.append(
                _("%(grade)d класс: победителей и призёров %(awarded)d при квоте %(limit)d.")
                % {"grade": grade, "awarded": len(awarded), "limit": limit}
            )
        if any(award_allowed(score=e.score, max_score=max_score) for e in awarded):
            problems.append(
                _(
                    "%(grade)d класс: среди победителей и призёров есть участник без баллов или с половиной "
                    "максимального балла и меньше."
                )
                % {"grade": grade}
            )
        for higher in rows:
            for lower in rows:
                if (
                    RANK[higher.status] > RANK[lower.status]
                    and higher.score is not None
                    and lower.score is not None
                    and higher.score < lower.score
                ):
                    problems.append(
                        _(
                            "%(grade)d класс: статус не соответствует рейтингу — у участника с более высоким статусом "
                            "меньше баллов (%(low)s < %(high)s)."
                        )
                        % {"grade": grade, "low": higher.score, "high": lower.score}
                    )
                    break
            else:
                continue
            break
    return problems


def statuses_suggest(entries: Sequence[Entry], *, quota_percent: int, max_score: Decimal | None) -> dict[int, str]:
    """Statuses by the rules, grade by grade: the top score wins, the next ones are placed within
    the quota; only scores above half the maximum count. Equal scores get equal statuses, so a
    tie that would overrun the quota is left to the jury (those tied stay participants)."""
    suggested: dict[int, str] = {}
    by_grade: dict[int, list[Entry]] = {}
    for entry in entries:
        by_grade.setdefault(entry.grade, []).append(entry)
    for rows in by_grade.values():
        limit = awarded_limit(participants=len(rows), quota_percent=quota_percent)
        eligible = sorted(
            (e for e in rows if award_allowed(score=e.score, max_score=max_score) is None),
            key=lambda e: e.score or Decimal(0),
            reverse=True,
        )
        chosen: list[Entry] = []
        for score in sorted({e.score for e in eligible if e.score is not None}, reverse=True):
            tied = [e for e in eligible if e.score == score]
            if len(chosen) + len(tied) > limit:
                break
            chosen.extend(tied)
        top = chosen[0].score if chosen else None
        for entry in rows:
            if entry in chosen:
                suggested[entry.key] = WINNER if entry.score == top else PRIZE_WINNER
            else:
                suggested[entry.key] = PARTICIPANT
    return suggested
