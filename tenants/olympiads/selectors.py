"""Reads of the olympiad in the schema in use.

Named participants are minors' personal data: the staff's reads need ``VIEW_PERMISSION`` (held
by the municipality's organisers only, ``accounts.role_permissions``); the public read
(``public_protocol``) gives the winners and prize-winners of published protocols whose parents
consented, with surname, first name, grade, organisation, status and score — nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from tenants.olympiads.models import AWARDED, Olympiad, Participant, Round

VIEW_PERMISSION = "olympiads.view_participant"


def olympiad_years() -> list[int]:
    return list(Olympiad.objects.order_by("-academic_year").values_list("academic_year", flat=True))


def round_participants(round_: Round) -> QuerySet[Participant]:
    """The round's participants in protocol order (grade, then score), for the organisers."""
    return (
        Participant.objects.filter(round=round_)
        .select_related("organisation", "teacher")
        .order_by("grade", "-score", "last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class PublicRow:
    name: str
    grade: int
    organisation: str
    status: str
    score: Decimal | None


@dataclass
class PublicRound:
    subject: str
    stage: str
    held_on: object
    rows: list[PublicRow] = field(default_factory=list)


def public_protocol(*, academic_year: int | None = None) -> tuple[int | None, list[PublicRound]]:
    """The published protocols of a year (the latest with any when None): awarded, consenting rows only."""
    published = Round.objects.filter(protocol_published_at__isnull=False)
    if academic_year is None:
        academic_year = (
            published.order_by("-olympiad__academic_year").values_list("olympiad__academic_year", flat=True).first()
        )
    if academic_year is None:
        return None, []
    rounds = list(published.filter(olympiad__academic_year=academic_year).order_by("subject", "stage"))
    by_round = {r.pk: PublicRound(r.get_subject_display(), r.get_stage_display(), r.held_on) for r in rounds}
    awarded = (
        Participant.objects.filter(round__in=rounds, status__in=AWARDED, publication_consent=True)
        .select_related("organisation")
        .order_by("round__subject", "round__stage", "grade", "-score", "last_name", "first_name")
        .only("round_id", "last_name", "first_name", "grade", "organisation__short_name", "status", "score")
    )
    for participant in awarded:
        by_round[participant.round_id].rows.append(
            PublicRow(
                name=participant.public_name,
                grade=participant.grade,
                organisation=participant.organisation.short_name,
                status=participant.get_status_display(),
                score=participant.score,
            )
        )
    return academic_year, [r for r in by_round.values() if r.rows]
