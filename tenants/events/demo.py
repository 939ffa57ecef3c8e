"""Demo events of one municipality (inside its schema): every kind, registrations, attendance, a contest.

Past events are held, with participants entered by the organiser from the sign-in list and
marked present (one fulfils an item of the annual plan when the plan allows); coming ones have
registrations, a full master class has a waiting list; the teacher's demo account is registered
for two; the professional contest has stages and published results; the olympiad is coming; one
research conference is proposed to the unified calendar and, when an institute account exists,
accepted. Everything goes through the services. Idempotent: an event whose title exists is left
alone. Dates are relative to today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import municipality_people
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create
from tenants.bodies.models import ASSOCIATION_KINDS, Body
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import ContestOutcome, ContestParticipant, ContestStage, Event
from tenants.events.services import (
    contest_results_publish,
    event_create,
    event_mark_held,
    event_propose_to_region,
    registration_add_by_organiser,
    registration_attendance_mark,
    registration_create,
)
from tenants.municipalities.models import Municipality
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Teacher
from tenants.plans.models import ItemStatus, PlanItem
from tenants.plans.selectors import plan_for_year

K, A = EventKind, EventAudience


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    audience: str
    offset_days: int
    hour: int
    hours: int
    capacity: int | None = None
    public: bool = True
    online: bool = False
    participants: int = 0  # entered by the organiser
    areas: tuple[str, ...] = ()
    description: str = ""


EVENTS: tuple[DemoEvent, ...] = (
    DemoEvent(
        "Семинар «Формирующее оценивание на уроках математики»",
        K.SEMINAR,
        A.TEACHERS,
        -21,
        15,
        2,
        capacity=40,
        participants=12,
        areas=("assessment", "methods"),
        description="<p>Приёмы формирующего оценивания: листы самооценки, «светофор», критериальные таблицы.</p>",
    ),
    DemoEvent(
        "Мастер-класс «Смысловое чтение на уроках истории»",
        K.MASTER_CLASS,
        A.TEACHERS,
        -9,
        14,
        2,
        participants=9,
        areas=("functional-literacy",),
        description="<p>Работа с историческим источником: инсерт, вопросы к тексту, сравнительная таблица.</p>",
    ),
    DemoEvent(
        "Открытый урок «Проектная задача в 4 классе»",
        K.OPEN_LESSON,
        A.TEACHERS,
        -5,
        11,
        1,
        participants=6,
        areas=("research",),
    ),
    DemoEvent(
        "Заседание ГМО учителей русского языка и литературы",
        K.ASSOCIATION_MEETING,
        A.ASSOCIATION_LEADERS,
        -3,
        15,
        2,
        public=False,
        participants=8,
        areas=("subject",),
    ),
    DemoEvent(
        "Конкурс профессионального мастерства «Педагог года»",
        K.CONTEST,
        A.TEACHERS,
        -30,
        10,
        6,
        areas=("methods",),
        description="<p>Муниципальный этап конкурса: «Визитная карточка», открытый урок, мастер-класс.</p>",
    ),
    DemoEvent(
        "Круглый стол «Наставничество в школе: первые итоги»",
        K.ROUND_TABLE,
        A.YOUNG_TEACHERS,
        4,
        15,
        2,
        capacity=25,
        participants=6,
        areas=("psychology",),
    ),
    DemoEvent(
        "Мастер-класс «Цифровые лаборатории на уроках физики»",
        K.MASTER_CLASS,
        A.TEACHERS,
        6,
        14,
        2,
        capacity=3,
        participants=5,
        areas=("digital",),
        description="<p>Практическая работа с датчиками; число мест ограничено числом комплектов.</p>",
    ),
    DemoEvent(
        "Муниципальная научно-практическая конференция «Шаг в науку»",
        K.RESEARCH_CONFERENCE,
        A.STUDENTS,
        12,
        10,
        5,
        capacity=120,
        participants=4,
        areas=("research", "gifted"),
        description="<p>Исследовательские работы обучающихся 5–11 классов; секции по направлениям.</p>",
    ),
    DemoEvent(
        "Конференция «Воспитательная работа: современные практики»",
        K.CONFERENCE,
        A.ALL,
        18,
        10,
        4,
        capacity=80,
        areas=("upbringing",),
    ),
    DemoEvent(
        "Стажировка на базе опорной школы «Инклюзивная практика»",
        K.INTERNSHIP,
        A.TEACHERS,
        25,
        9,
        6,
        capacity=10,
        areas=("inclusive",),
    ),
    DemoEvent(
        "День консультаций для молодых педагогов",
        K.CONSULTATION_DAY,
        A.YOUNG_TEACHERS,
        8,
        14,
        3,
        online=True,
        areas=("methods", "psychology"),
    ),
    DemoEvent(
        "Муниципальный этап олимпиады школьников по математике",
        K.OLYMPIAD,
        A.STUDENTS,
        15,
        10,
        4,
        areas=("gifted",),
    ),
)

CONTEST_STAGES = (("Заочный этап", -45, -40), ("Очный этап: открытый урок", -32, -31), ("Финал", -30, -30))
CONTEST_RESULTS = (
    (ContestOutcome.WINNER, Decimal("96.5")),
    (ContestOutcome.PRIZE_WINNER, Decimal("91")),
    (ContestOutcome.PRIZE_WINNER, Decimal("88.5")),
    (ContestOutcome.PARTICIPANT, Decimal("80")),
    (ContestOutcome.PARTICIPANT, Decimal("74")),
)


def demo_seed(municipality: Municipality) -> None:
    """Seed the demo events of ``municipality``; call it inside its schema."""
    teachers = list(Teacher.objects.select_related("organisation").order_by("pk")[:40])
    if not teachers:
        return
    with transaction.atomic():
        _seed(municipality, teachers)


def _organiser(municipality: Municipality) -> User | None:
    people = municipality_people(municipality_id=municipality.pk, roles=[Role.METHODOLOGIST, Role.HEAD])
    return people.first()


def _email(teacher: Teacher, municipality: Municipality) -> str:
    return teacher.email or f"teacher{teacher.pk}@{municipality.slug}.example"


def _seed(municipality: Municipality, teachers: list[Teacher]) -> None:
    organiser = _organiser(municipality)
    existing = set(Event.objects.values_list("title", flat=True))
    place = Organisation.objects.filter(is_active=True).order_by("pk").first()
    association = Body.objects.filter(kind__in=ASSOCIATION_KINDS).order_by("pk").first()
    methodologist = Methodologist.objects.order_by("pk").first()
    now = timezone.localtime()
    made: dict[str, Event] = {}
    for number, demo in enumerate(EVENTS):
        if demo.title in existing:
            continue
        starts = (now + datetime.timedelta(days=demo.offset_days)).replace(
            hour=demo.hour, minute=0, second=0, microsecond=0
        )
        event = event_create(
            acting_user=organiser,
            title=demo.title,
            kind=demo.kind,
            audience=demo.audience,
            description=demo.description,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=demo.hours),
            organisation=None if demo.online else place,
            address="" if place or demo.online else f"{municipality.name}, здание управления образования",
            online_url="https://sferum.ru/" if demo.online else "",
            organiser_body=association if demo.kind == K.ASSOCIATION_MEETING else None,
            methodologist=methodologist,
            capacity=demo.capacity,
            is_public=demo.public,
            competence_areas=list(demo.areas),
            plan_item=_plan_item() if number == 0 else None,
        )
        made[demo.title] = event
        people = teachers[number : number + demo.participants] or teachers[: demo.participants]
        for teacher in people:
            registration_add_by_organiser(
                event=event,
                acting_user=organiser,
                full_name=teacher.full_name,
                organisation_name=str(teacher.organisation),
                email=_email(teacher, municipality),
            )
        if demo.offset_days < 0:
            _hold(event, organiser)
    _teacher_registrations(municipality, made)
    contest = made.get(EVENTS[4].title)
    if contest is not None:
        _contest(contest, teachers, organiser)
    conference = made.get(EVENTS[7].title)
    if conference is not None:
        _propose(conference, organiser)


def _plan_item() -> PlanItem | None:
    """A planned seminar of this year's approved plan, for the first demo seminar to fulfil."""
    plan = plan_for_year(academic_year=AcademicYear.current())
    if plan is None or not plan.takes_corrections:
        return None
    return (
        PlanItem.objects.filter(plan=plan, form="seminar", status=ItemStatus.PLANNED, events__isnull=True)
        .order_by("number")
        .first()
    )


def _hold(event: Event, organiser: User | None) -> None:
    """Three in four entered participants were present; then the event is held."""
    for index, registration in enumerate(event.registrations.order_by("pk")):
        if index % 4 != 3:
            registration_attendance_mark(registration=registration, attended=True, acting_user=organiser)
    event_mark_held(event=event, acting_user=organiser)


def _teacher_registrations(municipality: Municipality, made: dict[str, Event]) -> None:
    """The teacher's demo account registers in one click for two coming events."""
    teacher = User.objects.filter(email=f"teacher@{municipality.slug}.example").first()
    if teacher is None:
        return
    for title in (EVENTS[5].title, EVENTS[8].title):
        event = made.get(title)
        if event is not None:
            registration_create(event=event, acting_user=teacher)


def _contest(contest: Event, teachers: list[Teacher], organiser: User | None) -> None:
    """Stages, participants with results, and the results published on the site."""
    today = timezone.localdate()
    stages = [
        audited_create(
            ContestStage(
                event=contest,
                title=title,
                starts_on=today + datetime.timedelta(days=start),
                ends_on=today + datetime.timedelta(days=end),
                order=order,
            ),
            acting_user=organiser,
        )
        for order, (title, start, end) in enumerate(CONTEST_STAGES, start=1)
    ]
    for teacher, (outcome, score) in zip(teachers[-len(CONTEST_RESULTS) :], CONTEST_RESULTS, strict=False):
        audited_create(
            ContestParticipant(
                event=contest,
                full_name=teacher.full_name,
                organisation=teacher.organisation,
                nomination="Учитель общеобразовательной организации",
                stage=stages[-1] if outcome != ContestOutcome.PARTICIPANT else stages[1],
                score=score,
                outcome=outcome,
            ),
            acting_user=organiser,
        )
    contest_results_publish(event=contest, acting_user=organiser)


def _propose(event: Event, organiser: User | None) -> None:
    """Propose the conference to the unified calendar; the institute accepts it if it can."""
    from unified_calendar.services import proposal_decide

    if organiser is None:
        return
    proposal = event_propose_to_region(
        event=event, acting_user=organiser, note="Конференция проводится десятый год, участвуют школы трёх районов."
    )
    institute = (
        User.objects.filter(groups__role_group__role=Role.INSTITUTE, groups__role_group__municipality__isnull=True)
        .order_by("pk")
        .first()
    )
    if institute is not None:
        proposal_decide(
            proposal=proposal, accept=True, comment="Включено в единый календарь региона.", acting_user=institute
        )
