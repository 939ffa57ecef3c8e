"""Demo olympiad of one municipality (inside its schema): last year's olympiad through every stage,
this year's school stage in progress, and the public results page.

Runs after the organisations and people demos. Idempotent: an olympiad is found by its year, a
round by its subject and stage, and nothing is added to a round that already has results; the
names and scores are drawn with a generator seeded by the municipality's slug.

Last year: four subjects; the school stage as counts per school and grade; the municipal stage
with named pupils of grades 7–11 (a teacher of their school, most with consent to publication),
statuses set by the rules, the region's passing scores (so the delegation to the regional stage
shows) and the protocols published; the regional stage as the region reported it for maths.
This year: the olympiad set up and the school stage's counts in two subjects.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from wagtail.models import Site

from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.olympiads.models import Olympiad, OlympiadResultsPage, Participant, Round, Stage, Subject
from tenants.olympiads.services import (
    olympiad_create,
    participant_create,
    passing_score_set,
    round_create,
    round_protocol_publish,
    round_statuses_apply,
    school_count_set,
)
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Teacher

SUBJECTS = (Subject.MATHEMATICS, Subject.RUSSIAN, Subject.BIOLOGY, Subject.HISTORY)
MAX_SCORE: dict[str, int] = {Subject.MATHEMATICS: 35, Subject.RUSSIAN: 100, Subject.BIOLOGY: 90, Subject.HISTORY: 100}
SURNAMES = (
    "Соколов",
    "Морозова",
    "Волков",
    "Лебедева",
    "Козлов",
    "Новикова",
    "Павлов",
    "Семёнова",
    "Голубев",
    "Виноградова",
    "Богданов",
    "Воробьёва",
    "Фёдоров",
    "Михайлова",
    "Беляев",
    "Тарасова",
    "Белов",
    "Комарова",
    "Орлов",
    "Киселёва",
    "Макаров",
    "Андреева",
    "Ковалёв",
    "Ильина",
)
FIRST_NAMES = ("Артём", "Анна", "Максим", "Мария", "Иван", "Софья", "Дмитрий", "Алиса", "Матвей", "Виктория")
JURY = "Председатель жюри: руководитель ГМО учителей-предметников\nЧлены жюри: учителя общеобразовательных организаций"


def _schools() -> list[Organisation]:
    return list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("pk")[:6])


def _teacher(school: Organisation) -> Teacher | None:
    return Teacher.objects.filter(organisation=school).order_by("pk").first()


def _olympiad(year: AcademicYear) -> Olympiad:
    found = Olympiad.objects.filter(academic_year=year.start).first()
    return found or olympiad_create(
        academic_year=year,
        committee="Председатель оргкомитета: председатель комитета образования\n"
        "Члены оргкомитета: руководитель методической службы, методисты",
        acting_user=None,
    )


def _round(olympiad: Olympiad, subject: str, stage: str, held_on: datetime.date) -> Round:
    found = Round.objects.filter(olympiad=olympiad, subject=subject, stage=stage).first()
    return found or round_create(
        olympiad=olympiad,
        subject=subject,
        stage=stage,
        held_on=held_on,
        place="Муниципальная методическая служба" if stage == Stage.MUNICIPAL else "Общеобразовательные организации",
        jury=JURY,
        max_score=Decimal(MAX_SCORE[subject]),
        acting_user=None,
    )


def _school_stage(round_: Round, schools: list[Organisation], rng: random.Random) -> None:
    if round_.school_counts.exists():
        return
    for school in schools:
        for grade in range(5, 12):
            participants = rng.randint(6, 24)
            winners = rng.randint(0, 2)
            school_count_set(
                round_=round_,
                organisation=school,
                grade=grade,
                participants=participants,
                winners=winners,
                prize_winners=rng.randint(0, max(0, participants // 4 - winners)),
                acting_user=None,
            )


def _municipal_stage(round_: Round, schools: list[Organisation], rng: random.Random) -> None:
    if Participant.objects.filter(round=round_).exists():
        return
    top = MAX_SCORE[round_.subject]
    for grade in range(7, 12):
        passing_score_set(round_=round_, grade=grade, score=Decimal(round(top * 0.6)), acting_user=None)
        # Surnames drawn without repeats within a grade: no two demo pupils of a round are namesakes.
        for index, surname in enumerate(rng.sample(SURNAMES, rng.randint(5, 9))):
            school = schools[(grade + index) % len(schools)]
            participant_create(
                round_=round_,
                last_name=surname,
                first_name=rng.choice(FIRST_NAMES),
                middle_name="",
                grade=grade,
                organisation=school,
                teacher=_teacher(school),
                score=Decimal(rng.randint(round(top * 0.15), top)),
                publication_consent=rng.random() < 0.85,
                acting_user=None,
            )
    round_statuses_apply(round_=round_, acting_user=None)
    round_protocol_publish(round_=round_, acting_user=None)


def _regional_stage(municipal: Round, regional: Round, rng: random.Random) -> None:
    """The region's results for the delegation, as the region reported them (statuses by the rules)."""
    if Participant.objects.filter(round=regional).exists():
        return
    top = MAX_SCORE[regional.subject]
    for pupil in Participant.objects.filter(round=municipal, advances=True, grade__gte=9):
        participant_create(
            round_=regional,
            last_name=pupil.last_name,
            first_name=pupil.first_name,
            middle_name=pupil.middle_name,
            grade=pupil.grade,
            organisation=pupil.organisation,
            teacher=pupil.teacher,
            score=Decimal(rng.randint(round(top * 0.3), top)),
            publication_consent=pupil.publication_consent,
            acting_user=None,
        )
    round_statuses_apply(round_=regional, acting_user=None)


def _results_page() -> None:
    if OlympiadResultsPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = OlympiadResultsPage(
        title="Итоги олимпиады",
        slug="olimpiada",
        intro="Победители и призёры муниципального этапа всероссийской олимпиады школьников.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def demo_seed(municipality: Municipality) -> None:
    schools = _schools()
    if not schools:
        return
    rng = random.Random(f"olympiads:{municipality.slug}")  # noqa: S311 — demo data, not security
    last, current = AcademicYear.current().previous(), AcademicYear.current()
    olympiad = _olympiad(last)
    for subject in SUBJECTS:
        school = _round(olympiad, subject, Stage.SCHOOL, datetime.date(last.start, 10, 1))
        _school_stage(school, schools, rng)
        municipal = _round(olympiad, subject, Stage.MUNICIPAL, datetime.date(last.start, 11, 20))
        _municipal_stage(municipal, schools, rng)
        if subject == Subject.MATHEMATICS:
            regional = _round(olympiad, subject, Stage.REGIONAL, datetime.date(last.start + 1, 1, 20))
            _regional_stage(municipal, regional, rng)
    this_year = _olympiad(current)
    for subject in SUBJECTS[:2]:
        _school_stage(_round(this_year, subject, Stage.SCHOOL, datetime.date(current.start, 10, 1)), schools, rng)
    _results_page()
