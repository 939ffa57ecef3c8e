"""Who goes on to the next stage: a score at least the grade's passing score (``rules.advances``)."""

from __future__ import annotations

from decimal import Decimal

from tenants.olympiads.models import Participant, PassingScore, Round
from tenants.olympiads.rules import advances


def _passing_scores(round_: Round) -> dict[int, Decimal]:
    return dict(PassingScore.objects.filter(round=round_).values_list("grade", "score"))


def participant_advances(participant: Participant) -> bool:
    round_ = participant.round
    passing = _passing_scores(round_).get(participant.grade)
    return advances(score=participant.score, passing_score=passing, has_next_stage=round_.next_stage is not None)


def round_advancement_refresh(round_: Round) -> int:
    """Work out «goes on» again for every participant of a round (its passing scores changed); returns changes."""
    passing = _passing_scores(round_)
    has_next = round_.next_stage is not None
    changed = []
    for participant in Participant.objects.filter(round=round_).only("pk", "grade", "score", "advances"):
        value = advances(score=participant.score, passing_score=passing.get(participant.grade), has_next_stage=has_next)
        if value != participant.advances:
            participant.advances = value
            changed.append(participant)
    Participant.objects.bulk_update(changed, ["advances"], batch_size=1000)
    return len(changed)
