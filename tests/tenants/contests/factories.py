"""A teachers' contest with criteria, jury and admitted applicants; build inside a municipality's schema."""

from __future__ import annotations

from decimal import Decimal

from tenants.academic_years import AcademicYear
from tenants.contests.models import Application, Contest, Criterion, JuryMember
from tenants.contests.services import (
    application_register,
    contest_create,
    criterion_create,
    juror_add,
    nomination_create,
    score_sheet_save,
)
from tests.tenants.people.factories import TeacherFactory


def contest(
    *, title: str = "Педагог года", criteria: tuple[int, ...] = (20, 30), jurors: int = 2,
    nominations: tuple[str, ...] = (), prize_places: int = 2, year: AcademicYear | None = None, juror_suffix: str = "",
    **fields: object,
) -> Contest:  # fmt: skip
    made = contest_create(
        title=title, academic_year=year or AcademicYear.current(), prize_places=prize_places, acting_user=None,
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    for order, max_score in enumerate(criteria, start=1):
        criterion_create(contest=made, title=f"Критерий {order}", max_score=Decimal(max_score), order=order,
                         acting_user=None)  # fmt: skip
    for index in range(jurors):
        juror_add(contest=made, teacher=TeacherFactory(last_name=f"Жюриева{index}{juror_suffix}"), is_chair=index == 0,
                  acting_user=None)  # fmt: skip
    for title_ in nominations:
        nomination_create(contest=made, title=title_, acting_user=None)
    return made


def applicant(contest_: Contest, last_name: str = "Конкурсова", **fields: object) -> Application:
    teacher = fields.pop("teacher", None) or TeacherFactory(last_name=last_name)
    return application_register(contest=contest_, teacher=teacher, acting_user=None, **fields)  # type: ignore[arg-type]


def score_all(contest_: Contest, totals: dict[Application, list[int]]) -> None:
    """Every juror gives each applicant the same marks (criterion by criterion)."""
    criteria = list(Criterion.objects.filter(contest=contest_))
    for juror in JuryMember.objects.filter(contest=contest_):
        for application, marks in totals.items():
            score_sheet_save(
                juror=juror, application=application,
                marks={c.pk: Decimal(m) for c, m in zip(criteria, marks, strict=True)}, acting_user=None,
            )  # fmt: skip
