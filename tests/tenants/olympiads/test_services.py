"""The olympiad's writes: who goes on (passing scores at their edges), awards, protocols, audit, roll-ups."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import OlympiadRollup
from rollups.rebuild import rollups_rebuild
from tenants.academic_years import AcademicYear
from tenants.olympiads.models import Participant, ParticipantStatus, Stage, Subject
from tenants.olympiads.services import (
    participant_update,
    passing_score_set,
    round_protocol_publish,
    round_protocol_unpublish,
    round_statuses_apply,
    school_count_set,
)
from tests.tenants.olympiads.factories import municipal_round, pupil
from tests.tenants.organisations.factories import OrganisationFactory

D = Decimal
W, PW, P = ParticipantStatus.WINNER, ParticipantStatus.PRIZE_WINNER, ParticipantStatus.PARTICIPANT


def test_who_goes_on_follows_the_grades_passing_score(muni_a):
    with tenant_context(muni_a):
        round_ = municipal_round(passing={9: D("35"), 10: D("40")})
        at = pupil(round_, "Ровно", score="35")
        below = pupil(round_, "Чуть", score="34.99")
        other_grade = pupil(round_, "Десятый", score="39", grade=10)
        no_score = pupil(round_, "Неявка")
        assert (at.advances, below.advances, other_grade.advances, no_score.advances) == (True, False, False, False)
        # The region lowers grade 10's passing score: the participants follow in the same transaction.
        passing_score_set(round_=round_, grade=10, score=D("39"), acting_user=None)
        assert Participant.objects.get(pk=other_grade.pk).advances is True
        participant_update(participant=below, score=D("35"), acting_user=None)
        assert Participant.objects.get(pk=below.pk).advances is True


def test_no_one_goes_on_from_the_final_stage(muni_a):
    with tenant_context(muni_a):
        final = municipal_round(stage=Stage.FINAL)
        with pytest.raises(ValidationError):
            passing_score_set(round_=final, grade=9, score=D("10"), acting_user=None)
        assert pupil(final, score="99").advances is False


def test_an_award_needs_more_than_half_the_maximum(muni_a):
    with tenant_context(muni_a):
        round_ = municipal_round(max_score=D("80"))
        with pytest.raises(ValidationError) as error:
            pupil(round_, "Половина", score="40", status=PW)
        assert "status" in error.value.message_dict
        assert pupil(round_, "Больше", score="40.5", status=PW).status == PW


def test_stage_grades_and_score_limits(muni_a):
    with tenant_context(muni_a):
        round_ = municipal_round(max_score=D("50"))
        with pytest.raises(ValidationError) as error:
            pupil(round_, "Шестиклассник", grade=6, score="10")
        assert "grade" in error.value.message_dict
        assert pupil(round_, "Семиклассник", grade=7, score="10").grade == 7  # the municipal stage starts at 7
        with pytest.raises(ValidationError) as error:
            pupil(round_, "Перебор", score="50.5")
        assert "score" in error.value.message_dict
        school = municipal_round(stage=Stage.SCHOOL, subject=Subject.PHYSICS)
        with pytest.raises(ValidationError):
            pupil(school, "Поимённо")  # the school stage is counted, not named


def _ten(round_):
    for index, score in enumerate(["90", "80", "70", "60", "55", "40", "30", "20", "10", "5"]):
        pupil(round_, f"Участник{index}", score=score)


def test_protocol_publication_checks_the_rules_and_locks_results(muni_a):
    with tenant_context(muni_a):
        round_ = municipal_round(quota=45)
        _ten(round_)
        first = Participant.objects.get(last_name="Участник0")
        fifth = Participant.objects.get(last_name="Участник4")
        participant_update(participant=fifth, status=PW, acting_user=None)  # 55 > 50, but 60–80 are not placed
        with pytest.raises(ValidationError) as error:
            round_protocol_publish(round_=round_, acting_user=None)
        assert "рейтингу" in " ".join(error.value.messages)
        assert round_statuses_apply(round_=round_, acting_user=None) == 5  # the top four placed, the fifth back
        statuses = dict(Participant.objects.filter(round=round_).values_list("last_name", "status"))
        assert [statuses[f"Участник{i}"] for i in range(5)] == [W, PW, PW, PW, P]
        round_protocol_publish(round_=round_, acting_user=None)
        first.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            participant_update(participant=first, score=D("91"), acting_user=None)
        assert "опубликован" in " ".join(error.value.messages)
        round_protocol_unpublish(round_=round_, acting_user=None)
        participant_update(participant=first, score=D("91"), acting_user=None)
    codes = set(AuditEntry.objects.filter(action__startswith="olympiad").values_list("action", flat=True))
    assert {
        "olympiad.create",
        "olympiad_round.create",
        "olympiad_participant.create",
        "olympiad_participant.update",
        "olympiad_round.statuses",
        "olympiad_round.publish",
        "olympiad_round.unpublish",
    } <= codes


def _rows(municipality):
    return sorted(
        OlympiadRollup.objects.filter(municipality=municipality).values_list(
            "academic_year",
            "subject_code",
            "stage",
            "participants",
            "winners",
            "prize_winners",
            "advanced",
            "organisations",
        )
    )


def test_rollups_are_written_with_each_change_and_equal_a_rebuild(muni_a, muni_b):
    year = AcademicYear.current().label
    with tenant_context(muni_a):
        school = municipal_round(stage=Stage.SCHOOL)
        first, second = OrganisationFactory(), OrganisationFactory()
        school_count_set(
            round_=school, organisation=first, grade=7, participants=30, winners=2, prize_winners=5, acting_user=None
        )
        school_count_set(round_=school, organisation=second, grade=8, participants=12, acting_user=None)
        municipal = municipal_round(passing={9: D("50")})
        pupil(municipal, "Первый", score="90", status=W, organisation=first)
        pupil(municipal, "Второй", score="60", status=PW, organisation=first)
        pupil(municipal, "Третий", score="20", organisation=second)
    with tenant_context(muni_b):
        pupil(municipal_round(subject=Subject.CHEMISTRY), "Химик", score="10")
    incremental_a, incremental_b = _rows(muni_a), _rows(muni_b)
    assert incremental_a == [
        (year, "mathematics", "municipal", 3, 1, 1, 2, 2),
        (year, "mathematics", "school", 42, 2, 5, 0, 2),
    ]
    assert incremental_b == [(year, "chemistry", "municipal", 1, 0, 0, 0, 1)]
    OlympiadRollup.objects.all().delete()
    rollups_rebuild(names=["olympiads"])
    assert (_rows(muni_a), _rows(muni_b)) == (incremental_a, incremental_b)
