"""Demo annual plan 2025/2026 for one municipality (inside its schema), through the services.

The plan is filled from the cyclogram and a list of items across the four directions, submitted
by the head, approved by the committee chair, put in execution, corrected twice (a month and a
quarter correction: items moved, cancelled and added, with reasons) and partly executed: most
items of the year are marked done with participants and results. Sosnovy Bor gets the richest
plan and a draft for 2026/2027 copied from it. The workflow's dates are set back to the school
year they belong to, so "the plan as of a date" reads naturally. Idempotent: a municipality
that already has the 2025/2026 plan is left alone.
"""

from __future__ import annotations

import datetime
import random
from itertools import cycle

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body
from tenants.municipalities.models import Municipality
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist
from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    Direction,
    ItemForm,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionKind,
    PlanItem,
    PlanTransition,
    month_day,
)
from tenants.plans.selectors import plan_for_year
from tenants.plans.services import (
    cyclogram_generate,
    plan_approve,
    plan_copy_to_next_year,
    plan_correction_apply,
    plan_correction_cancel,
    plan_correction_create,
    plan_correction_move,
    plan_create,
    plan_item_create,
    plan_item_mark_done,
    plan_start_execution,
    plan_submit,
    plan_update,
)

YEAR = AcademicYear(2025)
RICHEST = "sosnovy-bor"

CYCLOGRAM = (
    ("Заседание муниципального методического совета", "organisational", ItemForm.MEETING, [9, 11, 1, 3, 5]),
    ("Совещание руководителей ГМО", "organisational", ItemForm.MEETING, [9, 12, 3, 6]),
    ("Мониторинг курсовой подготовки педагогов", "analytical", ItemForm.MONITORING, [10, 12, 3, 5]),
    ("Обновление банка педагогической информации на сайте", "informational", ItemForm.OTHER, [10, 1, 4]),
)

# (direction, form, topic, audience, month, expected result)
ITEMS = (
    (
        "analytical",
        ItemForm.MONITORING,
        "Анализ результатов ГИА-2025",
        "заместители директоров",
        9,
        "аналитическая справка",
    ),
    (
        "analytical",
        ItemForm.MONITORING,
        "Диагностика профессиональных дефицитов учителей математики",
        "учителя математики",
        10,
        "карта дефицитов",
    ),
    (
        "analytical",
        ItemForm.MONITORING,
        "Мониторинг работы с одарёнными детьми",
        "руководители ОО",
        2,
        "аналитическая справка",
    ),
    (
        "informational",
        ItemForm.SEMINAR,
        "Обновлённые ФГОС: требования к рабочим программам",
        "учителя начальных классов",
        9,
        "рабочие программы по ФГОС",
    ),
    (
        "informational",
        ItemForm.CONFERENCE,
        "Муниципальная педагогическая конференция «Качество образования»",
        "педагоги города",
        11,
        "сборник материалов",
    ),
    (
        "informational",
        ItemForm.ROUND_TABLE,
        "Круглый стол «Функциональная грамотность: опыт школ»",
        "руководители ГМО",
        1,
        "рекомендации",
    ),
    (
        "organisational",
        ItemForm.CONTEST,
        "Муниципальный этап конкурса «Учитель года»",
        "педагоги",
        1,
        "победитель на региональный этап",
    ),
    (
        "organisational",
        ItemForm.OLYMPIAD,
        "Муниципальный этап всероссийской олимпиады школьников",
        "учащиеся 7–11 классов",
        11,
        "протоколы, участники регионального этапа",
    ),
    (
        "organisational",
        ItemForm.MASTER_CLASS,
        "Мастер-классы победителей конкурсов профессионального мастерства",
        "молодые педагоги",
        2,
        "банк методических разработок",
    ),
    (
        "organisational",
        ItemForm.COURSE,
        "Курсы ЛОИРО «Наставничество в образовательной организации»",
        "наставники",
        10,
        "удостоверения о повышении квалификации",
    ),
    (
        "organisational",
        ItemForm.SEMINAR,
        "Школа молодого педагога: урок в современной школе",
        "молодые педагоги",
        12,
        "конспекты уроков",
    ),
    (
        "consulting",
        ItemForm.CONSULTATION,
        "Консультации по аттестации педагогических работников",
        "аттестуемые педагоги",
        10,
        "пакеты документов",
    ),
    (
        "consulting",
        ItemForm.CONSULTATION,
        "Консультации для руководителей ГМО по плану работы",
        "руководители ГМО",
        9,
        "планы ГМО",
    ),
    (
        "consulting",
        ItemForm.CONSULTATION,
        "Консультации по подготовке к ГИА",
        "учителя-предметники",
        3,
        "индивидуальные рекомендации",
    ),
    (
        "informational",
        ItemForm.SEMINAR,
        "Семинар «Цифровая образовательная среда»",
        "педагоги",
        4,
        "методические рекомендации",
    ),
    (
        "organisational",
        ItemForm.CONTEST,
        "Конкурс методических разработок «Педагогическая копилка»",
        "педагоги",
        4,
        "банк разработок",
    ),
    (
        "analytical",
        ItemForm.MONITORING,
        "Анализ выполнения годового плана за 2025/2026 учебный год",
        "методисты службы",
        6,
        "анализ выполнения плана",
    ),
)


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _backdate(plan: AnnualPlan, moments: dict[str, datetime.datetime]) -> None:
    """Put the workflow's steps on the dates of the school year they happened in (demo only)."""
    for transition in PlanTransition.objects.filter(plan=plan):
        if transition.to_status in moments:
            PlanTransition.objects.filter(pk=transition.pk).update(changed_at=moments[transition.to_status])
    if "approved" in moments:
        AnnualPlan.objects.filter(pk=plan.pk).update(approved_at=moments["approved"])


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The current year's plan of each demo municipality is at a different stage, so the staff homes
# and the institute's dashboard show each: in execution, awaiting the chair, still a draft.
CURRENT_STAGES = {"sosnovy-bor": PlanStatus.IN_EXECUTION, "vsevolozhsk": PlanStatus.SUBMITTED, "luga": PlanStatus.DRAFT}


@transaction.atomic
def demo_seed(municipality: Municipality) -> None:
    if plan_for_year(academic_year=YEAR) is None:
        _school_year_seed(municipality)
    _current_year_seed(municipality)


def _current_year_seed(municipality: Municipality) -> None:
    """This year's plan, copied from last year's and taken to the municipality's stage; the
    months already past are mostly done. Left alone once it has left the draft."""
    current = AcademicYear.current()
    head = _user(f"head@{municipality.slug}.example")
    chair = _user(f"chair@{municipality.slug}.example")
    plan = plan_for_year(academic_year=current)
    if plan is None:
        previous = plan_for_year(academic_year=current.previous())
        if previous is None:
            return
        plan = plan_copy_to_next_year(plan=previous, acting_user=head, skip_permission_checks=True)
    stage = CURRENT_STAGES.get(municipality.slug, PlanStatus.DRAFT)
    if plan.status != PlanStatus.DRAFT or stage == PlanStatus.DRAFT:
        return
    plan_submit(plan=plan, acting_user=head, skip_permission_checks=True, comment="Прошу утвердить план.")
    if stage == PlanStatus.SUBMITTED:
        return
    plan_approve(plan=plan, acting_user=chair, skip_permission_checks=True, comment="Утверждено.")
    plan_start_execution(plan=plan, acting_user=head, skip_permission_checks=True)
    today = timezone.localdate()
    rng = random.Random(f"metodika-current-plan-{municipality.slug}")  # noqa: S311 (demo figures)
    for item in PlanItem.objects.filter(plan=plan).in_effect().exclude(status=ItemStatus.CANCELLED).order_by("number"):
        if item.month and month_day(current, item.month) < today.replace(day=1) and rng.random() < 0.8:
            plan_item_mark_done(
                item=item,
                participants=rng.randint(12, 90),
                actual_result="Проведено.",
                acting_user=head,
                skip_permission_checks=True,
            )


def _school_year_seed(municipality: Municipality) -> None:
    rich = municipality.slug == RICHEST
    rng = random.Random(f"metodika-plans-{municipality.slug}")  # noqa: S311 (demo figures)
    head = _user(f"head@{municipality.slug}.example")
    chair = _user(f"chair@{municipality.slug}.example")
    directions = {d.code: d for d in Direction.objects.all()}
    methodologists = cycle(list(Methodologist.objects.order_by("pk")) or [None])
    organisations = cycle(list(Organisation.objects.order_by("pk")[:6]) or [None])
    bodies = list(Body.objects.order_by("pk")[:4])

    if not CyclogramDuty.objects.exists():
        for order, (title, code, form, months) in enumerate(CYCLOGRAM, start=1):
            CyclogramDuty.objects.create(
                title=title,
                direction=directions[code],
                form=form,
                months=months,
                order=order * 10,
                responsible=next(methodologists),
            )

    plan = plan_create(
        academic_year=YEAR,
        acting_user=head,
        skip_permission_checks=True,
        note="Составлен с учётом единого календаря РС НМС (004 п. 4.6).",
    )
    chosen = ITEMS if rich else ITEMS[::2]
    for n, (code, form, topic, audience, month, result) in enumerate(chosen):
        plan_item_create(
            plan=plan,
            acting_user=head,
            skip_permission_checks=True,
            direction=directions[code],
            form=form,
            topic=topic,
            audience=audience,
            month=month,
            expected_result=result,
            responsible=next(methodologists),
            organisation=next(organisations) if form in (ItemForm.SEMINAR, ItemForm.MASTER_CLASS) else None,
            body=bodies[n % len(bodies)] if bodies and form == ItemForm.SEMINAR else None,
        )
    cyclogram_generate(plan=plan, acting_user=head, skip_permission_checks=True)
    plan_submit(plan=plan, acting_user=head, skip_permission_checks=True, comment="Прошу утвердить план.")
    plan_approve(plan=plan, acting_user=chair, skip_permission_checks=True, comment="Утверждено.")
    plan_start_execution(plan=plan, acting_user=head, skip_permission_checks=True)
    _backdate(
        plan,
        {
            "submitted": _aware(datetime.date(2025, 8, 28)),
            "approved": _aware(datetime.date(2025, 9, 1)),
            "in_execution": _aware(datetime.date(2025, 9, 1), 12),
        },
    )

    items = list(PlanItem.objects.filter(plan=plan).order_by("number"))
    autumn = [i for i in items if i.month in (10, 11) and not i.cyclogram_duty_id]
    october, november = autumn[:1], autumn[1:]
    first = plan_correction_create(
        plan=plan,
        kind=PlanCorrectionKind.MONTH,
        period_start=datetime.date(2025, 10, 1),
        reason="План работы на октябрь: карантин по гриппу в ряде школ.",
        acting_user=head,
        skip_permission_checks=True,
    )
    if october:
        plan_correction_move(
            correction=first,
            item=october[0],
            new_month=12,
            reason="Карантин по гриппу в школах",
            acting_user=head,
            skip_permission_checks=True,
        )
    if rich and november:
        plan_correction_cancel(
            correction=first,
            item=november[-1],
            reason="Мероприятие проведено ЛОИРО для региона",
            acting_user=head,
            skip_permission_checks=True,
        )
    plan_item_create(
        plan=plan,
        acting_user=head,
        skip_permission_checks=True,
        correction=first,
        reason="Письмо комитета о региональном семинаре",
        direction=directions["informational"],
        form=ItemForm.SEMINAR,
        topic="Региональный семинар ЛОИРО «Единый календарь РС НМС»",
        audience="руководители ГМО",
        month=10,
        expected_result="информирование педагогов",
    )
    plan_correction_apply(correction=first, acting_user=head, skip_permission_checks=True)
    PlanCorrection.objects.filter(pk=first.pk).update(applied_at=_aware(datetime.date(2025, 9, 30)))
    if rich:
        second = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.QUARTER,
            period_start=datetime.date(2026, 1, 1),
            reason="План работы на III квартал учебного года.",
            acting_user=head,
            skip_permission_checks=True,
        )
        plan_item_create(
            plan=plan,
            acting_user=head,
            skip_permission_checks=True,
            correction=second,
            reason="Решение методического совета",
            direction=directions["consulting"],
            form=ItemForm.CONSULTATION,
            topic="Консультации для педагогов по ИОМ",
            audience="педагоги с дефицитами",
            month=2,
            expected_result="индивидуальные образовательные маршруты",
        )
        plan_correction_apply(correction=second, acting_user=head, skip_permission_checks=True)
        PlanCorrection.objects.filter(pk=second.pk).update(applied_at=_aware(datetime.date(2025, 12, 26)))

    # Partial execution: most items of the year done, the rest not yet reported.
    for item in PlanItem.objects.filter(plan=plan).in_effect().exclude(status=ItemStatus.CANCELLED).order_by("number"):
        if rng.random() < 0.75:
            plan_item_mark_done(
                item=item,
                participants=rng.randint(12, 120),
                actual_result="Проведено, материалы на сайте.",
                acting_user=head,
                skip_permission_checks=True,
            )
    if rich:
        plan_update(
            plan=plan,
            acting_user=head,
            skip_permission_checks=True,
            conclusion="План выполнен в основном; перенесённые мероприятия проведены в декабре.",
        )
        if plan_for_year(academic_year=YEAR.next()) is None:
            plan_copy_to_next_year(plan=plan, acting_user=head, skip_permission_checks=True)
