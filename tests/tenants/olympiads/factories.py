"""Olympiad rounds and participants; build inside a municipality's schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tenants.academic_years import AcademicYear
from tenants.olympiads.models import Olympiad, Participant, Round, Stage, Subject
from tenants.olympiads.services import olympiad_create, participant_create, passing_score_set, round_create
from tests.tenants.organisations.factories import OrganisationFactory


def olympiad(year: AcademicYear | None = None) -> Olympiad:
    year = year or AcademicYear.current()
    found = Olympiad.objects.filter(academic_year=year.start).first()
    return found or olympiad_create(academic_year=year, committee="Председатель: Петрова А. А.", acting_user=None)


def municipal_round(
    *,
    subject: str = Subject.MATHEMATICS,
    stage: str = Stage.MUNICIPAL,
    max_score: Decimal | None = Decimal(100),
    quota: int = 45,
    passing: dict[int, Decimal] | None = None,
    year: AcademicYear | None = None,
) -> Round:
    round_ = round_create(
        olympiad=olympiad(year),
        subject=subject,
        stage=stage,
        max_score=max_score,
        awarded_quota=quota,
        place="МБОУ «СОШ № 1»",
        jury="Председатель: Кузнецова И. В.",
        acting_user=None,
    )
    for grade, score in (passing or {}).items():
        passing_score_set(round_=round_, grade=grade, score=score, acting_user=None)
    return round_


def pupil(
    round_: Round, last_name: str = "Смирнов", *, score: Any = None, grade: int = 9, **fields: Any
) -> Participant:
    return participant_create(
        round_=round_,
        last_name=last_name,
        first_name=fields.pop("first_name", "Алексей"),
        grade=grade,
        organisation=fields.pop("organisation", None) or OrganisationFactory(),
        score=Decimal(str(score)) if score is not None else None,
        acting_user=fields.pop("acting_user", None),
        **fields,
    )
