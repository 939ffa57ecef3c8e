"""Demo consultations for one municipality (inside its schema): requests in every status.

Nine requests from teachers, heads of associations and parents over the last weeks: new,
assigned, answered in time, answered late, closed, and overdue ones still waiting. They go
through the services (assignment by direction, audit, roll-up) and are then dated back, so the
queue and the dashboard look like a service at work. No e-mail is sent. Idempotent: a request
with the same topic and e-mail is not added again. The demo teacher's account gets two
requests of its own («Мои обращения»).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from tenants.academic_years import AcademicYear
from tenants.consultations.models import (
    Consultation,
    ConsultationStatus,
    RequesterKind,
    answer_working_days,
)
from tenants.consultations.rollups import consultations_rollup_refresh
from tenants.consultations.services import consultation_answer, consultation_close, consultation_submit
from tenants.municipalities.models import Municipality
from tenants.people.models import ResponsibilityArea
from tenants.people.selectors import head_of_service
from tenants.working_days import working_days_after, working_days_before

S = ConsultationStatus


@dataclass(frozen=True)
class DemoRequest:
    days_ago: int  # working days since it came in
    kind: str
    name: str
    email: str
    area: str
    topic: str
    question: str
    outcome: str  # the status it ends in
    answer: str = ""
    answer_after: int = 0  # working days to the answer
    teacher_account: bool = False


REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        2,
        RequesterKind.TEACHER,
        "",
        "",
        "Начальная школа",
        "Оценивание в первом классе",
        "Можно ли выставлять отметки в первом классе во втором полугодии? Как фиксировать достижения без отметок?",
        S.ASSIGNED,
        teacher_account=True,
    ),
    DemoRequest(
        1,
        RequesterKind.PARENT,
        "Кузнецова Марина Олеговна",
        "kuznetsova.parent@example.test",
        "",
        "Переход в другую школу в середине года",
        "Мы переезжаем в другой район города. Как перевести ребёнка в середине учебного года и нужны ли экзамены?",
        S.NEW,
    ),
    DemoRequest(
        14,
        RequesterKind.TEACHER,
        "Орлова Наталья Игоревна",
        "orlova@school.example.test",
        "Дошкольное образование",
        "Рабочая программа воспитателя по ФОП ДО",
        "Нужно ли переписывать рабочую программу группы после утверждения ФОП ДО и что в ней обязательно?",
        S.ASSIGNED,
    ),
    DemoRequest(
        16,
        RequesterKind.ASSOCIATION_HEAD,
        "Белова Ирина Петровна",
        "belova@school.example.test",
        "",
        "Аттестация членов ГМО",
        "Какие материалы педагог должен представить для первой квалификационной категории по новому порядку?",
        S.NEW,
    ),
    DemoRequest(
        20,
        RequesterKind.TEACHER,
        "Смирнов Андрей Викторович",
        "smirnov@school.example.test",
        "Работа с одарёнными детьми",
        "Подготовка к муниципальному этапу олимпиады",
        "Где взять задания прошлых лет и методические рекомендации по подготовке к олимпиаде по физике?",
        S.ANSWERED,
        "Задания и решения прошлых лет опубликованы на сайте регионального центра олимпиад; методические "
        "рекомендации — в банке педагогической информации службы, раздел «Одарённые дети».",
        4,
    ),
    DemoRequest(
        25,
        RequesterKind.TEACHER,
        "",
        "",
        "Повышение квалификации педагогических и руководящих кадров",
        "Курсы по функциональной грамотности",
        "Подскажите, где пройти курсы по формированию функциональной грамотности в этом году?",
        S.CLOSED,
        "ЛОИРО проводит курсы «Формирование функциональной грамотности» (36 ч) в ноябре; заявку подаёт "
        "школа через методическую службу до 20 октября.",
        3,
        teacher_account=True,
    ),
    DemoRequest(
        30,
        RequesterKind.PARENT,
        "Волков Сергей Николаевич",
        "volkov.parent@example.test",
        "Сопровождение детей с ОВЗ",
        "Тьютор для ребёнка с ОВЗ",
        "По заключению ПМПК ребёнку нужен тьютор. Школа говорит, что ставки нет. Куда обращаться?",
        S.ANSWERED,
        "По заключению ПМПК школа обязана создать специальные условия; мы связались с администрацией школы, "
        "вопрос рассмотрят на школьном ППк. Также вы можете обратиться в комитет образования.",
        13,
    ),
    DemoRequest(
        9,
        RequesterKind.ASSOCIATION_HEAD,
        "Егорова Светлана Андреевна",
        "egorova@school.example.test",
        "",
        "Повторное обращение",
        "Повторяю вопрос об аттестации, прошу ответить.",
        S.CLOSED,
    ),
    DemoRequest(
        12,
        RequesterKind.TEACHER,
        "Никитина Ольга Сергеевна",
        "nikitina@school.example.test",
        "Профориентационная работа",
        "Профминимум в 6 классе",
        "Какие формы профориентационной работы засчитываются в профминимум для шестиклассников?",
        S.NEW,
    ),
)


@transaction.atomic
def demo_seed(municipality: Municipality) -> None:
    head = head_of_service()
    head_user = head.user if head else None
    teacher_user = User.objects.filter(email=f"teacher@{municipality.slug}.example").first()
    areas = {a.name: a for a in ResponsibilityArea.objects.all()}
    today = timezone.localdate()
    years: set[AcademicYear] = set()
    for spec in REQUESTS:
        account = teacher_user if spec.teacher_account else None
        if spec.teacher_account and account is None:
            continue
        email = account.email if account else spec.email
        if Consultation.objects.filter(topic=spec.topic, email=email).exists():
            continue
        item = consultation_submit(
            topic=spec.topic,
            question=spec.question,
            requester_kind=spec.kind,
            requester_name=account.get_full_name() if account else spec.name,
            email=email,
            area=areas.get(spec.area),
            requester_user=account,
            assign=spec.outcome != S.NEW,
            acting_user=None,
        )
        if spec.outcome in (S.ANSWERED, S.CLOSED) and spec.answer and head_user is not None:
            item = consultation_answer(consultation=item, answer=spec.answer, acting_user=head_user, notify=False)
        if spec.outcome == S.CLOSED and head_user is not None:
            comment = "" if spec.answer else "Повторное обращение: ответ дан по первому."
            consultation_close(consultation=item, acting_user=head_user, comment=comment)
        # Dated back: it came in ``days_ago`` working days ago, was answered ``answer_after`` days later.
        submitted_day = working_days_before(today, spec.days_ago)
        submitted = timezone.make_aware(datetime.datetime.combine(submitted_day, datetime.time(10, 30)))
        changes: dict[str, object] = {
            "submitted_at": submitted,
            "due_on": working_days_after(submitted_day, answer_working_days()),
        }
        if item.assigned_at:
            changes["assigned_at"] = submitted
        if item.answered_at:
            answered = working_days_after(submitted_day, spec.answer_after)
            changes["answered_at"] = timezone.make_aware(datetime.datetime.combine(answered, datetime.time(15, 0)))
            if item.closed_at:
                changes["closed_at"] = changes["answered_at"]
        elif item.closed_at:
            changes["closed_at"] = submitted
        Consultation.objects.filter(pk=item.pk).update(**changes)
        years.add(AcademicYear.of(submitted_day))
    for year in years | {AcademicYear.current()}:
        consultations_rollup_refresh(year=year)
