"""Demo quality of education of a municipality (inside its schema): a year of ВПР and ОГЭ results,
organisations flagged for different reasons, a support programme in progress with visits.

Runs after the organisations, people, events and development demos. Idempotent: a procedure
is found by its kind and year, a programme by its organisation; the counts are drawn with a
generator seeded by the municipality's slug, so every run writes the same numbers.

What it makes, for last academic year's results (the ВПР of April and the ОГЭ of June are over):

* ВПР in grades 4–8 (Russian, maths), two classes a grade, with the journal comparison; ОГЭ in
  Russian and maths for grade 9;
* three schools flagged for different reasons: the third school has low results in maths (a
  high share of «2»), the fourth marks its ВПР far above the journal (raised marks, and a
  distribution unlike the region's), the sixth has ВПР in grade 8 far above its own ОГЭ;
* the head confirmed that the third and the fourth need support; the third has an active
  programme (a curator, risk factors, measures) with a visit held (two lessons observed) and
  another planned; the sixth waits for the head's decision;
* this year's ВПР and a municipal diagnostic work, on the staff calendar.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from assessment.models import AssessmentSubject, ProcedureKind
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Methodologist, StaffKind, Teacher
from tenants.quality.models import (
    AssessmentProcedure,
    AssessmentResult,
    MeasureKind,
    ObservationCriterion,
    RiskFactor,
    SupportDecision,
    SupportProgramme,
    VisitStatus,
)
from tenants.quality.services import flags as flag_services
from tenants.quality.services import programmes as programme_services
from tenants.quality.services import visits as visit_services
from tenants.quality.services.results import procedure_create, results_changed

VPR_GRADES = (4, 5, 6, 7, 8)
SUBJECTS = ("russian", "math")
# Shares of «2», «3», «4», «5» of an ordinary school, and of the flagged ones.
ORDINARY = (0.07, 0.43, 0.38, 0.12)
LOW = (0.33, 0.45, 0.18, 0.04)
HIGH = (0.0, 0.18, 0.48, 0.34)
MEDIOCRE = (0.12, 0.58, 0.25, 0.05)


@dataclass(frozen=True)
class Profile:
    shares: tuple[float, float, float, float]
    raised: float  # share whose mark for the work is above the journal's
    lowered: float


def _counts(rng: random.Random, participants: int, shares: tuple[float, ...]) -> tuple[int, int, int, int]:
    noisy = [max(0.0, s + rng.uniform(-0.03, 0.03)) for s in shares]
    total = sum(noisy)
    n2, n4, n5 = (round(participants * noisy[i] / total) for i in (0, 2, 3))
    n3 = participants - n2 - n4 - n5
    if n3 < 0:
        n4 += n3
        n3 = 0
    return n2, n3, n4, n5


def _profile(index: int, subject: str, grade: int) -> Profile:
    if index == 2 and subject == "math":
        return Profile(LOW, raised=0.03, lowered=0.12)
    if index == 3:
        return Profile(HIGH, raised=0.27, lowered=0.02)
    if index == 5 and grade == 8 and subject == "math":
        return Profile(HIGH, raised=0.06, lowered=0.06)
    return Profile(ORDINARY, raised=0.05, lowered=0.14)


def _procedure(kind_code: str, year: AcademicYear, *, starts: datetime.date, ends: datetime.date, grades, title=""):
    kind = ProcedureKind.objects.get(code=kind_code)
    found = AssessmentProcedure.objects.filter(kind=kind, academic_year=year.start, title=title).first()
    if found is not None:
        return found, False
    coordinator = Methodologist.objects.filter(is_head=True).first()
    procedure = procedure_create(
        acting_user=None,
        kind=kind,
        academic_year=year.start,
        starts_on=starts,
        ends_on=ends,
        grades=list(grades),
        subjects=list(AssessmentSubject.objects.filter(code__in=SUBJECTS)),
        title=title,
        coordinator=coordinator,
        skip_permission_checks=True,
    )
    return procedure, True


def _results_seed(rng: random.Random, schools: list[Organisation], year: AcademicYear) -> None:
    subjects = {s.code: s for s in AssessmentSubject.objects.filter(code__in=SUBJECTS)}
    spring = year.start + 1
    vpr, new_vpr = _procedure(
        "vpr", year, starts=datetime.date(spring, 4, 7), ends=datetime.date(spring, 4, 25), grades=VPR_GRADES
    )
    oge, new_oge = _procedure(
        "oge", year, starts=datetime.date(spring, 5, 26), ends=datetime.date(spring, 6, 20), grades=(9,)
    )
    rows: list[AssessmentResult] = []
    for index, school in enumerate(schools):
        for subject_code, subject in subjects.items():
            if new_vpr:
                for grade in VPR_GRADES:
                    for letter in ("А", "Б"):
                        profile = _profile(index, subject_code, grade)
                        participants = rng.randint(20, 28)
                        m2, m3, m4, m5 = _counts(rng, participants, profile.shares)
                        raised = round(participants * profile.raised)
                        lowered = round(participants * profile.lowered)
                        rows.append(
                            AssessmentResult(
                                procedure=vpr, organisation=school, grade=grade, class_letter=letter, subject=subject,
                                participants=participants, marks_2=m2, marks_3=m3, marks_4=m4, marks_5=m5,
                                journal_lowered=lowered, journal_confirmed=participants - lowered - raised,
                                journal_raised=raised,
                            )
                        )  # fmt: skip
            if new_oge:
                participants = rng.randint(38, 54)
                shares = MEDIOCRE if index == 5 and subject_code == "math" else ORDINARY
                m2, m3, m4, m5 = _counts(rng, participants, shares)
                rows.append(
                    AssessmentResult(
                        procedure=oge, organisation=school, grade=9, subject=subject, participants=participants,
                        marks_2=m2, marks_3=m3, marks_4=m4, marks_5=m5,
                        mean_score=round(rng.uniform(13, 19) if subject_code == "math" else rng.uniform(24, 31), 2),
                    )
                )  # fmt: skip
    if rows:
        AssessmentResult.objects.bulk_create(rows, batch_size=1000)
        results_changed(academic_years=[year.start])


def _this_year_seed(year: AcademicYear) -> None:
    spring = year.start + 1
    _procedure("vpr", year, starts=datetime.date(spring, 4, 6), ends=datetime.date(spring, 4, 24), grades=VPR_GRADES)
    _procedure(
        "municipal",
        year,
        starts=datetime.date(spring, 2, 10),
        ends=datetime.date(spring, 2, 12),
        grades=(7,),
        title="Муниципальная диагностическая работа по функциональной грамотности",
    )


def _teachers_of(school: Organisation, subject_name: str) -> list[Teacher]:
    return list(Teacher.objects.filter(organisation=school, subjects__name=subject_name).order_by("pk")[:3])


def _programme_seed(school: Organisation, year: AcademicYear, today: datetime.date) -> None:
    if SupportProgramme.objects.filter(organisation=school).exists():
        return
    curator = Methodologist.objects.filter(is_head=False).order_by("pk").first()
    if curator is None:
        return
    programme = programme_services.programme_create(
        acting_user=None,
        organisation=school,
        academic_year=year.start,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=200),
        curator=curator,
        reasons=["low"],
        subjects=list(AssessmentSubject.objects.filter(code="math")),
        risk_factors=[RiskFactor.TEACHER_COMPETENCE, RiskFactor.AT_RISK_PUPILS, RiskFactor.INTERNAL_PD],
        diagnosis="По итогам ВПР доля «2» по математике в 5–7 классах выше трети участников; "
        "анкетирование педагогов показало затруднения в формирующем оценивании и работе с неуспевающими.",
        goals="Снизить долю неудовлетворительных результатов ВПР по математике до 15 %; "
        "выстроить внутришкольную систему методической поддержки учителей математики.",
        skip_permission_checks=True,
    )
    maths = _teachers_of(school, "Математика")
    criteria = list(ObservationCriterion.objects.filter(is_active=True))
    held = visit_services.visit_create(
        acting_user=None,
        skip_permission_checks=True,
        organisation=school,
        visited_on=today - datetime.timedelta(days=30),
        observer=curator,
        purpose="Посещение уроков математики в 5–6 классах, анализ оценивания",
        programme=programme,
        status=VisitStatus.DONE,
        findings="Цели уроков сформулированы, но обратная связь обучающимся даётся эпизодически.",
        recommendations="Ввести критериальное оценивание самостоятельных работ; провести взаимопосещения.",
        follow_up="Консультация для учителей математики по формирующему оцениванию",
        follow_up_due=today + datetime.timedelta(days=14),
    )
    teaching = list(Teacher.objects.filter(organisation=school, staff_kind=StaffKind.TEACHING).order_by("pk"))
    observed = (maths + [t for t in teaching if t not in maths])[:2]
    for teacher, (grade, topic, mark) in zip(
        observed, ((5, "Сложение дробей", 1), (6, "Решение текстовых задач", 2)), strict=False
    ):
        visit_services.observation_save(
            visit=held,
            acting_user=None,
            skip_permission_checks=True,
            teacher=teacher,
            subject=teacher.subjects.order_by("pk").first(),
            grade=grade,
            class_letter="А",
            topic=topic,
            recommendations="Использовать листы самооценки и разбор типичных ошибок.",
            marks=[visit_services.MarkData(criterion=c, mark=mark if i % 3 else 1) for i, c in enumerate(criteria)],
        )
    planned = visit_services.visit_create(
        acting_user=None,
        skip_permission_checks=True,
        organisation=school,
        visited_on=today + datetime.timedelta(days=45),
        observer=curator,
        purpose="Повторное посещение: выполнение рекомендаций",
        programme=programme,
    )
    measures: list[dict[str, Any]] = [
        dict(kind=MeasureKind.VISIT, title="Выезд в ОО, посещение уроков математики", due_on=held.visited_on,
             visit=held),
        dict(kind=MeasureKind.CONSULTATION, title="Консультация по формирующему оцениванию",
             due_on=today + datetime.timedelta(days=14)),
        dict(kind=MeasureKind.COURSE, title="Курсы «Оценивание образовательных результатов» для учителей математики",
             due_on=today + datetime.timedelta(days=90), teachers=maths[:2]),
        dict(kind=MeasureKind.ASSOCIATION, title="Выступление на ГМО учителей математики: разбор заданий ВПР",
             due_on=today + datetime.timedelta(days=60)),
        dict(kind=MeasureKind.VISIT, title="Повторное посещение уроков", due_on=planned.visited_on, visit=planned),
    ]  # fmt: skip
    for values in measures:
        teachers = values.pop("teachers", [])
        programme_services.measure_create(
            programme=programme, acting_user=None, teachers=teachers, skip_permission_checks=True, **values
        )
    programme_services.programme_activate(programme=programme, acting_user=None, skip_permission_checks=True)


def demo_seed(municipality: Municipality) -> None:
    today = datetime.date.today()
    current = AcademicYear.current()
    last = current.previous()
    schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True).order_by("pk"))
    if len(schools) < 6:
        return
    rng = random.Random(f"metodika-demo-quality-{municipality.slug}")  # noqa: S311 (demo numbers)
    _results_seed(rng, schools, last)
    _this_year_seed(current)
    reasons = {
        schools[2]: "Доля «2» по математике выше порога в нескольких параллелях",
        schools[3]: "Отметки за ВПР систематически выше журнальных: нужна работа с системой оценивания",
    }
    for school, reason in reasons.items():
        if not SupportDecision.objects.filter(organisation=school, academic_year=last.start).exists():
            flag_services.support_decide(
                organisation=school,
                academic_year=last,
                status="confirmed",
                reason=reason,
                acting_user=None,
                skip_permission_checks=True,
            )
    _programme_seed(schools[2], last, today)
