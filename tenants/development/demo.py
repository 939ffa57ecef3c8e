"""Demo professional growth of a municipality's teachers (inside its schema).

Runs after the people demo (``tenants.people.demo``) and the events demo, with their teachers,
methodologists and events. Idempotent: course offers are found by programme; a teacher who
already has course records, a diagnostic or a route keeps them; the draw is seeded with the
municipality's slug and the teacher's id, so every run decides the same.

What it makes: upcoming course offers in several competence areas; for most teachers a course
within the last three years, for some one four or five years ago (overdue), for a few none;
diagnostics with deficits for about a third of the teachers; routes (ИОМ) in progress for half
of those, with a methodologist as tutor and some steps done. The demo teacher account
(``teacher@<slug>.example``) gets a course with a scan, a diagnostic, deficits and a route in
progress, so the «growth/» page shows everything.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tenants.development.models import (
    CompetenceArea,
    CourseDocumentKind,
    CourseFormat,
    CourseOffer,
    DeficitStatus,
    Diagnostic,
    DiagnosticInstrument,
    LearningRoute,
    ResultLevel,
    StepStatus,
)
from tenants.development.services import (
    ResultData,
    course_offer_create,
    course_record_create,
    diagnostic_create,
    learning_route_build,
    route_step_mark_done,
)
from tenants.municipalities.models import Municipality
from tenants.people.models import Methodologist, Teacher
from tenants.sample_documents import pdf_bytes

PROVIDERS = (
    "ГАОУ ДПО «Ленинградский областной институт развития образования»",
    "ФГАОУ ДПО «Академия Минпросвещения России»",
    "ГБУ ДПО «Санкт-Петербургская академия постдипломного педагогического образования»",
    "АНО ДПО «Центр непрерывного образования»",
)
PROGRAMMES = (
    ("Реализация требований обновлённых ФГОС НОО, ФГОС ООО в работе учителя", 36, ("fgos",)),
    ("Формирование функциональной грамотности обучающихся", 72, ("functional-literacy", "methods")),
    ("Цифровые образовательные ресурсы и сервисы в работе педагога", 36, ("digital",)),
    ("Инклюзивное образование: организация обучения детей с ОВЗ", 72, ("inclusive", "psychology")),
    ("Оценивание образовательных результатов: критериальный подход", 36, ("assessment",)),
    ("Классное руководство и воспитательная работа в школе", 36, ("upbringing",)),
    ("Сопровождение одарённых детей: олимпиадная подготовка", 48, ("gifted", "subject")),
    ("Проектная и исследовательская деятельность обучающихся", 36, ("research",)),
)
OFFERS = (
    # (programme, provider index, starts in days, length in days, hours, format, areas)
    ("Цифровая образовательная среда: практикум для учителя", 0, 20, 14, 36, CourseFormat.DISTANCE, ("digital",)),
    (
        "Функциональная грамотность: читательская и математическая",
        1,
        35,
        21,
        72,
        CourseFormat.MIXED,
        ("functional-literacy",),
    ),
    ("Формирующее оценивание на уроке", 0, 50, 10, 24, CourseFormat.FULL_TIME, ("assessment",)),
    (
        "Работа с детьми с ОВЗ в общеобразовательном классе",
        2,
        70,
        28,
        72,
        CourseFormat.MIXED,
        ("inclusive", "psychology"),
    ),
    ("Школа наставника: сопровождение молодого педагога", 0, 90, 14, 36, CourseFormat.FULL_TIME, ("management",)),
    ("Методика подготовки к олимпиадам по предмету", 3, 120, 30, 48, CourseFormat.DISTANCE, ("gifted", "subject")),
)


def demo_seed(municipality: Municipality) -> None:
    today = timezone.localdate()
    areas = {a.code: a for a in CompetenceArea.objects.all()}
    _offers_seed(today, areas)
    tutor = Methodologist.objects.order_by("-is_head", "pk").last()
    demo_account = f"teacher@{municipality.slug}.example"
    for teacher in Teacher.objects.select_related("user").order_by("pk"):

        def rng(part: str, teacher: Teacher = teacher) -> random.Random:
            # One generator per concern: what is already there and skipped never shifts the rest.
            return random.Random(f"metodika-development-{municipality.slug}-{teacher.pk}-{part}")  # noqa: S311

        is_demo = teacher.user is not None and teacher.user.email == demo_account
        _courses_seed(teacher, rng("courses"), today, areas, with_scan=is_demo)
        choice = rng("choice")
        if is_demo or choice.random() < 0.33:
            _diagnostic_seed(teacher, rng("diagnostic"), today, areas)
            if is_demo or choice.random() < 0.5:
                _route_seed(teacher, rng("route"), today, tutor)


def _offers_seed(today: datetime.date, areas: dict[str, CompetenceArea]) -> None:
    for programme, provider, starts_in, length, hours, course_format, codes in OFFERS:
        if CourseOffer.objects.filter(programme=programme).exists():
            continue
        start = today + datetime.timedelta(days=starts_in)
        course_offer_create(
            acting_user=None,
            provider=PROVIDERS[provider],
            programme=programme,
            hours=hours,
            format=course_format,
            start_date=start,
            end_date=start + datetime.timedelta(days=length),
            competence_areas=[areas[c] for c in codes if c in areas],
            link="https://loiro.ru/courses/",
        )


def _courses_seed(
    teacher: Teacher, rng: random.Random, today: datetime.date, areas: dict[str, CompetenceArea], *, with_scan: bool
) -> None:
    if teacher.course_records.exists():
        return
    draw = rng.random()
    if draw < 0.12 and not with_scan:
        return  # no course on record: due three years after starting to teach
    ago = rng.randint(4 * 365, 5 * 365) if draw < 0.27 and not with_scan else rng.randint(30, 3 * 365 - 60)
    for index in range(rng.randint(1, 2)):
        end = today - datetime.timedelta(days=ago + index * rng.randint(400, 700))
        programme, hours, codes = rng.choice(PROGRAMMES)
        scan = None
        if with_scan and index == 0:
            scan = SimpleUploadedFile(
                "udostoverenie.pdf", pdf_bytes("Удостоверение о повышении квалификации", [programme, teacher.full_name])
            )
        course_record_create(
            acting_user=None,
            teacher=teacher,
            provider=rng.choice(PROVIDERS),
            programme=programme,
            hours=hours,
            format=rng.choice(list(CourseFormat)),
            start_date=end - datetime.timedelta(days=rng.randint(5, 20)),
            end_date=end,
            document_kind=CourseDocumentKind.CERTIFICATE,
            document_number=f"78{rng.randint(10**9, 10**10 - 1)}",
            file=scan,
            competence_areas=[areas[c] for c in codes if c in areas],
        )


def _diagnostic_seed(
    teacher: Teacher, rng: random.Random, today: datetime.date, areas: dict[str, CompetenceArea]
) -> None:
    if Diagnostic.objects.filter(teacher=teacher).exists():
        return
    codes = rng.sample(sorted(areas), k=min(4, len(areas)))
    deficits = set(codes[: rng.randint(1, 2)])
    results = [
        ResultData(
            area=areas[code],
            level=ResultLevel.INSUFFICIENT if code in deficits else rng.choice([ResultLevel.BASIC, ResultLevel.HIGH]),
            score=None,
        )
        for code in codes
    ]
    diagnostic_create(
        acting_user=None,
        teacher=teacher,
        held_on=today - datetime.timedelta(days=rng.randint(20, 200)),
        instrument=rng.choice([DiagnosticInstrument.REGIONAL, DiagnosticInstrument.MUNICIPAL]),
        instrument_name=rng.choice(
            [
                "Региональная диагностика профессиональных дефицитов педагогов",
                "Муниципальная диагностика предметных и методических компетенций",
            ]
        ),
        results=results,
    )


def _route_seed(teacher: Teacher, rng: random.Random, today: datetime.date, tutor: Methodologist | None) -> None:
    if LearningRoute.objects.filter(teacher=teacher).exists():
        return
    if not teacher.deficits.filter(status=DeficitStatus.OPEN).exists():
        return
    route = learning_route_build(
        acting_user=tutor.user if tutor else None,
        teacher=teacher,
        tutor=tutor,
        period_start=today - datetime.timedelta(days=rng.randint(10, 60)),
        period_end=today + datetime.timedelta(days=rng.randint(150, 300)),
    )
    steps = list(route.steps.filter(status=StepStatus.PLANNED).order_by("sort_order", "pk"))
    # Some progress, never all of it: the route stays in progress.
    for step in steps[: max(0, len(steps) - 1) if rng.random() < 0.6 else 0]:
        route_step_mark_done(step=step, acting_user=teacher.user)
