"""Demo significant events of the region for the unified calendar (004 §3.3.2).

``demo_seed_region()`` publishes them on behalf of the first institute (ЛОИРО) account; call it
from the demo region after the region's people exist and before the municipalities' content
(their events demo proposes an event and sees conflicts with these). Idempotent: an event whose
title is already in the calendar is left alone. Dates are relative to today, so the calendar
always has events in the past three months and the coming year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from tenants.event_vocabulary import EventAudience, EventKind
from unified_calendar.models import RegionalEvent
from unified_calendar.services import regional_event_create

K, A = EventKind, EventAudience


@dataclass(frozen=True)
class DemoRegionalEvent:
    title: str
    kind: str
    audience: str
    offset_days: int
    length_days: int
    organiser: str
    url: str
    areas: tuple[str, ...]
    description: str


REGIONAL_EVENTS: tuple[DemoRegionalEvent, ...] = (
    DemoRegionalEvent(
        "Региональная научно-практическая конференция «Функциональная грамотность: от диагностики к результату»",
        K.RESEARCH_CONFERENCE,
        A.TEACHERS,
        -40,
        2,
        "ГАОУ ДПО «ЛОИРО»",
        "https://loiro.ru/",
        ("functional-literacy", "assessment"),
        "Пленарное заседание и секции по читательской, математической и естественно-научной грамотности.",
    ),
    DemoRegionalEvent(
        "Областной семинар руководителей муниципальных методических служб",
        K.SEMINAR,
        A.MANAGERS,
        -12,
        1,
        "ГАОУ ДПО «ЛОИРО»",
        "https://loiro.ru/",
        ("management",),
        "Итоги мониторинга деятельности ММС и планирование на полугодие.",
    ),
    DemoRegionalEvent(
        "Региональный этап всероссийской олимпиады школьников",
        K.OLYMPIAD,
        A.STUDENTS,
        9,
        5,
        "Комитет общего и профессионального образования Ленинградской области",
        "https://edu.lenobl.ru/",
        ("gifted",),
        "Региональный этап по общеобразовательным предметам.",
    ),
    DemoRegionalEvent(
        "Неделя наставничества Ленинградской области",
        K.SEMINAR,
        A.YOUNG_TEACHERS,
        16,
        5,
        "ГАОУ ДПО «ЛОИРО»",
        "https://loiro.ru/",
        ("psychology", "methods"),
        "Открытые занятия наставников, встречи клубов молодых педагогов.",
    ),
    DemoRegionalEvent(
        "Региональный конкурс профессионального мастерства «Учитель года Ленинградской области»",
        K.CONTEST,
        A.TEACHERS,
        45,
        3,
        "Комитет общего и профессионального образования Ленинградской области",
        "https://edu.lenobl.ru/",
        ("methods", "subject"),
        "Финал регионального этапа конкурса.",
    ),
    DemoRegionalEvent(
        "Круглый стол «Инклюзивное образование: ресурсные классы»",
        K.ROUND_TABLE,
        A.ALL,
        30,
        1,
        "ГАОУ ДПО «ЛОИРО»",
        "https://loiro.ru/",
        ("inclusive",),
        "Опыт организаций региона, работающих с детьми с ОВЗ.",
    ),
    DemoRegionalEvent(
        "Региональный фестиваль открытых уроков «Цифровая школа»",
        K.OPEN_LESSON,
        A.TEACHERS,
        70,
        2,
        "ГАОУ ДПО «ЛОИРО»",
        "https://loiro.ru/",
        ("digital",),
        "Уроки с использованием ФГИС «Моя школа» и цифровых лабораторий.",
    ),
    DemoRegionalEvent(
        "Августовское совещание педагогических работников Ленинградской области",
        K.CONFERENCE,
        A.ALL,
        270,
        1,
        "Комитет общего и профессионального образования Ленинградской области",
        "https://edu.lenobl.ru/",
        ("management", "fgos"),
        "Задачи системы образования на новый учебный год.",
    ),
)


def _institute_user() -> User | None:
    return (
        User.objects.filter(
            groups__role_group__role=Role.INSTITUTE, groups__role_group__municipality__isnull=True, is_active=True
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def demo_seed_region(*, today: datetime.date | None = None) -> int:
    """Publish the demo regional events that are missing; returns how many were added."""
    publisher = _institute_user()
    if publisher is None:
        return 0  # no institute account yet: nobody may publish
    today = today or timezone.localdate()
    existing = set(RegionalEvent.objects.values_list("title", flat=True))
    added = 0
    for demo in REGIONAL_EVENTS:
        if demo.title in existing:
            continue
        starts = today + datetime.timedelta(days=demo.offset_days)
        regional_event_create(
            acting_user=publisher,
            title=demo.title,
            kind=demo.kind,
            audience=demo.audience,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=demo.length_days - 1),
            organiser=demo.organiser,
            url=demo.url,
            description=demo.description,
            competence_areas=list(demo.areas),
        )
        added += 1
    return added
