"""Writes of the olympiad (003 §1.3): the year, its rounds, passing scores, results and protocols.

Plain creates, edits and deletes go through the audited actions (``tenants.olympiads.actions``:
«goes on» worked out, roll-up written, audit row); publishing a protocol and applying the
suggested statuses are their own services with their own audit rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.imports.engine import import_apply
from tenants.imports.specs import ImportResult
from tenants.olympiads.imports import ParticipantImportSpec
from tenants.olympiads.models import (
    Olympiad,
    Participant,
    PassingScore,
    Round,
    SchoolStageCount,
)
from tenants.olympiads.rollup import olympiad_rollup_refresh
from tenants.olympiads.rules import Entry, protocol_problems, statuses_suggest
from tenants.organisations.models import Organisation

ROUND_FIELDS = frozenset({"held_on", "place", "jury", "max_score", "awarded_quota"})
PARTICIPANT_FIELDS = frozenset(
    {
        "last_name",
        "first_name",
        "middle_name",
        "grade",
        "organisation",
        "teacher",
        "score",
        "status",
        "publication_consent",
    }
)


@transaction.atomic
def olympiad_create(
    *, academic_year: AcademicYear, acting_user: ActingUser, committee: str = "", notes: str = ""
) -> Olympiad:
    olympiad = Olympiad(academic_year=academic_year.start, committee=committee, notes=notes)
    olympiad.full_clean()
    return audited_create(olympiad, acting_user=acting_user)


@transaction.atomic
def round_create(
    *,
    olympiad: Olympiad,
    subject: str,
    stage: str,
    acting_user: ActingUser,
    held_on: datetime.date | None = None,
    place: str = "",
    jury: str = "",
    max_score: Decimal | None = None,
    awarded_quota: int = 45,
) -> Round:
    round_ = Round(
        olympiad=olympiad,
        subject=subject,
        stage=stage,
        held_on=held_on,
        place=place,
        jury=jury,
        max_score=max_score,
        awarded_quota=awarded_quota,
    )
    round_.full_clean()
    return audited_create(round_, acting_user=acting_user)


@transaction.atomic
def round_update(*, round_: Round, acting_user: ActingUser, **fields: Any) -> Round:
    unknown = set(fields) - ROUND_FIELDS
    if unknown:
        raise TypeError(f"not round fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.full_clean()
    return audited_update(round_, acting_user=acting_user)


@transaction.atomic
def passing_score_set(*, round_: Round, grade: int, score: Decimal, acting_user: ActingUser) -> PassingScore:
    """Set (or change) a grade's passing score; the round's «goes on» follows in the same transaction."""
    existing = PassingScore.objects.select_for_update().filter(round=round_, grade=grade).first()
    if existing is None:
        passing = PassingScore(round=round_, grade=grade, score=score)
        passing.full_clean()
        return audited_create(passing, acting_user=acting_user)
    existing.score = score
    existing.full_clean()
    return audited_update(existing, acting_user=acting_user)


@transaction.atomic
def school_count_set(
    *,
    round_: Round,
    organisation: Organisation,
    grade: int,
    participants: int,
    acting_user: ActingUser,
    winners: int = 0,
    prize_winners: int = 0,
) -> SchoolStageCount:
    """The school stage of one organisation and grade: counts, no names."""
    count = SchoolStageCount.objects.filter(round=round_, organisation=organisation, grade=grade).first()
    if count is None:
        count = SchoolStageCount(round=round_, organisation=organisation, grade=grade, participants=participants)
    count.participants, count.winners, count.prize_winners = participants, winners, prize_winners
    count.full_clean()
    if count.pk is None:
        return audited_create(count, acting_user=acting_user)
    return audited_update(count, acting_user=acting_user)


@transaction.atomic
def participant_create(
    *,
    round_: Round,
    last_name: str,
    first_name: str,
    grade: int,
    organisation: Organisation,
    acting_user: ActingUser,
    middle_name: str = "",
    teacher: Any = None,
    score: Decimal | None = None,
    status: str = "participant",
    publication_consent: bool = False,
) -> Participant:
    participant = Participant(
        round=round_,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        middle_name=middle_name.strip(),
        grade=grade,
        organisation=organisation,
        teacher=teacher,
        score=score,
        status=status,
        publication_consent=publication_consent,
    )
    participant.full_clean()
    return audited_create(participant, acting_user=acting_user)


@transaction.atomic
def participant_update(*, participant: Participant, acting_user: ActingUser, **fields: Any) -> Participant:
    unknown = set(fields) - PARTICIPANT_FIELDS
    if unknown:
        raise TypeError(f"not participant fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(participant, name, value)
    participant.full_clean()
    return audited_update(participant, acting_user=acting_user)


def participant_delete(*, participant: Participant, acting_user: ActingUser) -> None:
    audited_delete(participant, acting_user=acting_user)


def _entries(round_: Round) -> list[Entry]:
    return [
        Entry(key=pk, grade=grade, score=score, status=status)
        for pk, grade, score, status in Participant.objects.filter(round=round_).values_list(
            "pk", "grade", "score", "status"
        )
    ]


def round_protocol_problems(round_: Round) -> list[str]:
    """Why the round's protocol may not be published yet (empty: it may)."""
    if not round_.is_named:
        return [_("Протокол публикуется для этапов с поимённым списком участников.")]
    entries = _entries(round_)
    if not entries:
        return [_("В этапе нет участников.")]
    return protocol_problems(entries, quota_percent=round_.awarded_quota, max_score=round_.max_score)


@transaction.atomic
def round_protocol_publish(*, round_: Round, acting_user: ActingUser) -> Round:
    """Publish the protocol of winners and prize-winners (those with consent show on the public page)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    problems = round_protocol_problems(round_)
    if problems:
        raise ValidationError(problems, code="protocol")
    round_.protocol_published_at = timezone.now()
    round_.save(update_fields=["protocol_published_at"])
    audit_record_municipal(
        action="olympiad_round.publish",
        acting_user=acting_user,
        target=f"round#{round_.pk}: {round_}",
        data={"id": round_.pk},
    )
    return round_


@transaction.atomic
def round_protocol_unpublish(*, round_: Round, acting_user: ActingUser) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    round_.protocol_published_at = None
    round_.save(update_fields=["protocol_published_at"])
    audit_record_municipal(
        action="olympiad_round.unpublish",
        acting_user=acting_user,
        target=f"round#{round_.pk}: {round_}",
        data={"id": round_.pk},
    )
    return round_


@transaction.atomic
def round_statuses_apply(*, round_: Round, acting_user: ActingUser) -> int:
    """Set every participant's status to what the rules suggest (``rules.statuses_suggest``); returns changes."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.protocol_published_at is not None:
        raise ValidationError(_("Протокол опубликован: снимите публикацию, чтобы менять статусы."))
    suggested = statuses_suggest(_entries(round_), quota_percent=round_.awarded_quota, max_score=round_.max_score)
    changed = [p for p in Participant.objects.filter(round=round_) if suggested[p.pk] != p.status]
    for participant in changed:
        participant.status = suggested[participant.pk]
    Participant.objects.bulk_update(changed, ["status"], batch_size=1000)
    audit_record_municipal(
        action="olympiad_round.statuses",
        acting_user=acting_user,
        target=f"round#{round_.pk}: {round_}",
        data={"id": round_.pk, "changed": len(changed)},
    )
    olympiad_rollup_refresh()
    return len(changed)


def participants_import(*, data: bytes, filename: str, acting_user: ActingUser) -> ImportResult:
    """Add and update named results from an XLSX or CSV file, all rows or none (``ParticipantImportSpec``)."""
    return import_apply(ParticipantImportSpec(), data, filename=filename, acting_user=acting_user)
