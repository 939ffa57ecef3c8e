"""Demo teachers' contests of one municipality (inside its schema).

Runs after the organisations and people demos. Idempotent: a contest is found by its title and
year, and nothing is added to a contest that already has applications; marks are drawn with a
generator seeded by the municipality's slug.

Last year: «Педагог года» with two nominations, three criteria and a jury of the service's
methodologists; six admitted teachers, every sheet complete, the results published (so the
winners go on and land on their records), and the regional stage as the region reported it.
This year: «Воспитатель года» taking applications — the demo teacher's account has applied (with
an essay as a PDF) and waits for a decision, two are admitted, and the jury's sheets are half filled.
The public page «Конкурсы педагогов» lists both.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Site

from tenants.academic_years import AcademicYear
from tenants.contests.models import Application, ApplicationStatus, Contest, ContestsPage, Level, Result
from tenants.contests.selectors import juror_sheet
from tenants.contests.services import (
    application_document_add,
    application_register,
    contest_create,
    contest_results_publish,
    criterion_create,
    juror_add,
    nomination_create,
    score_sheet_save,
    stage_create,
    stage_result_set,
)
from tenants.municipalities.models import Municipality
from tenants.people.models import Methodologist, Teacher
from tenants.sample_documents import pdf_bytes

CRITERIA = (
    ("Методическое эссе «Я — педагог»", Decimal(20)),
    ("Открытый урок (занятие)", Decimal(50)),
    ("Мастер-класс", Decimal(30)),
)


def _contest(title: str, year: AcademicYear, **fields: object) -> tuple[Contest, bool]:
    found = Contest.objects.filter(title=title, academic_year=year.start).first()
    if found is not None:
        return found, False
    return contest_create(title=title, academic_year=year, acting_user=None, **fields), True  # type: ignore[arg-type]


def _set_up(contest: Contest, nominations: tuple[str, ...], held: datetime.date) -> None:
    stage_create(contest=contest, level=Level.MUNICIPAL, starts_on=held, ends_on=held + datetime.timedelta(days=14),
                 place="Муниципальная методическая служба", acting_user=None)  # fmt: skip
    stage_create(contest=contest, level=Level.REGIONAL, starts_on=held + datetime.timedelta(days=60),
                 place="ГАОУ ДПО «ЛОИРО»", acting_user=None)  # fmt: skip
    for title in nominations:
        nomination_create(contest=contest, title=title, acting_user=None)
    for order, (title, max_score) in enumerate(CRITERIA, start=1):
        criterion_create(contest=contest, title=title, max_score=max_score, order=order, acting_user=None)
    for index, methodologist in enumerate(Methodologist.objects.order_by("-is_head", "pk")[:3]):
        juror_add(contest=contest, methodologist=methodologist, is_chair=index == 0, acting_user=None)


def _score(contest: Contest, rng: random.Random, *, share: float = 1.0) -> None:
    for juror in contest.jury.select_related("teacher", "methodologist__user"):
        criteria, rows = juror_sheet(juror)
        for row in rows[: max(0, round(len(rows) * share))]:
            marks = {c.pk: Decimal(rng.randint(int(c.max_score) // 2, int(c.max_score))) for c in criteria}
            score_sheet_save(juror=juror, application=row.application, marks=marks, acting_user=None)  # type: ignore[arg-type]


def _last_year(year: AcademicYear, teachers: list[Teacher], rng: random.Random) -> None:
    contest, made = _contest(
        "Педагог года", year, description="Муниципальный этап всероссийского конкурса «Учитель года России».",
        prize_places=2,
    )  # fmt: skip
    if not made or Application.objects.filter(contest=contest).exists():
        return
    _set_up(contest, ("Учитель года", "Педагогический дебют"), datetime.date(year.start + 1, 1, 20))
    nominations = list(contest.nominations.order_by("title"))
    for index, teacher in enumerate(teachers[:6]):
        application = application_register(
            contest=contest, teacher=teacher, nomination=nominations[index % 2], acting_user=None
        )
        # The jury's order for equal totals, as a protocol would record it (no first place is shared).
        Application.objects.filter(pk=application.pk).update(tie_break=index)
    _score(contest, rng)
    contest_results_publish(contest=contest, acting_user=None)
    for application in Application.objects.filter(contest=contest, results__level=Level.MUNICIPAL,
                                                  results__advances=True).order_by("pk")[:1]:  # fmt: skip
        stage_result_set(application=application, level=Level.REGIONAL, result=Result.PRIZE_WINNER, acting_user=None)


def _this_year(year: AcademicYear, teachers: list[Teacher], rng: random.Random, municipality: Municipality) -> None:
    contest, made = _contest(
        "Воспитатель года", year, description="Конкурс профессионального мастерства педагогов дошкольного образования.",
        applications_until=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    if not made or Application.objects.filter(contest=contest).exists():
        return
    _set_up(contest, (), timezone.localdate() + datetime.timedelta(days=40))
    for teacher in teachers[6:8]:
        application_register(contest=contest, teacher=teacher, acting_user=None)
    _score(contest, rng, share=0.5)
    own = Teacher.objects.filter(user__email=f"teacher@{municipality.slug}.example").first()
    if own is not None and not Application.objects.filter(contest=contest, teacher=own).exists():
        application = application_register(
            contest=contest, teacher=own, status=ApplicationStatus.SUBMITTED, acting_user=None
        )
        essay = ContentFile(pdf_bytes("Методическое эссе", ["Моя педагогическая философия."]), name="esse.pdf")
        application_document_add(application=application, title="Методическое эссе", file=essay, acting_user=None)


def _page() -> None:
    if ContestsPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = ContestsPage(
        title="Конкурсы педагогов",
        slug="konkursy-pedagogov",
        intro="Конкурсы профессионального мастерства: этапы, победители и призёры.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def demo_seed(municipality: Municipality) -> None:
    teachers = list(Teacher.objects.exclude(user__email__startswith="teacher@").order_by("pk")[:8])
    if len(teachers) < 8:
        return
    rng = random.Random(f"contests:{municipality.slug}")  # noqa: S311 — demo data, not security
    _last_year(AcademicYear.current().previous(), teachers, rng)
    _this_year(AcademicYear.current(), teachers, rng, municipality)
    _page()
