"""Builders of the quality app's data; call them inside a municipality's schema."""

from __future__ import annotations

import datetime
from decimal import Decimal

from assessment.models import AssessmentSubject, ProcedureKind
from tenants.quality.models import AssessmentProcedure, AssessmentResult

YEAR = 2025  # the academic year 2025/2026


def kind(code: str) -> ProcedureKind:
    return ProcedureKind.objects.get(code=code)


def subject(code: str) -> AssessmentSubject:
    return AssessmentSubject.objects.get(code=code)


def procedure(
    code: str = "vpr",
    *,
    year: int = YEAR,
    grades: tuple[int, ...] | None = None,
    subjects: tuple[str, ...] = ("math", "russian"),
    **fields: object,
) -> AssessmentProcedure:
    found = kind(code)
    made = AssessmentProcedure.objects.create(
        kind=found,
        academic_year=year,
        starts_on=fields.pop("starts_on", datetime.date(year + 1, 4, 10)),  # type: ignore[arg-type]
        ends_on=fields.pop("ends_on", datetime.date(year + 1, 4, 20)),  # type: ignore[arg-type]
        grades=list(grades or found.grades),
        **fields,
    )
    made.subjects.set([subject(c) for c in subjects])
    return made


def marks(
    organisation: object,
    proc: AssessmentProcedure,
    grade: int,
    subject_code: str,
    m2: int,
    m3: int,
    m4: int,
    m5: int,
    *,
    letter: str = "",
    journal: tuple[int, int, int] | None = None,
) -> AssessmentResult:
    """A result row with marks (and the journal comparison when given), written directly."""
    lowered, confirmed, raised = journal if journal is not None else (None, None, None)
    return AssessmentResult.objects.create(
        procedure=proc,
        organisation=organisation,
        grade=grade,
        class_letter=letter,
        subject=subject(subject_code),
        participants=m2 + m3 + m4 + m5,
        marks_2=m2,
        marks_3=m3,
        marks_4=m4,
        marks_5=m5,
        journal_lowered=lowered,
        journal_confirmed=confirmed,
        journal_raised=raised,
    )


def scores(
    organisation: object, proc: AssessmentProcedure, subject_code: str, participants: int, mean: str, below: int
) -> AssessmentResult:
    return AssessmentResult.objects.create(
        procedure=proc,
        organisation=organisation,
        grade=11,
        subject=subject(subject_code),
        participants=participants,
        mean_score=Decimal(mean),
        below_minimum=below,
    )
