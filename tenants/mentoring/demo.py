"""Demo mentoring for one municipality (inside its schema): pairs and the young teacher school.

Young teachers come from the people demo (about one teacher in six). Most of them get a mentor
— an experienced teacher of their own organisation, else of any — in every status: active,
planned, completed, terminated early; two or so are left without one, so the «no mentor» flag
shows. The school has this year's programme with the young teachers as participants, six
sessions from September to May, and attendance for the sessions already held. Idempotent: a
young teacher who has any mentorship is left alone; the programme and its sessions are made once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tenants.academic_years import AcademicYear
from tenants.mentoring.models import MeetingForm, Mentorship, MentorshipStatus, SchoolSession
from tenants.mentoring.rollups import mentoring_rollup_refresh
from tenants.mentoring.selectors import quarter_start, school_programme_get, young_teacher_list
from tenants.mentoring.services import (
    mentorship_create,
    mentorship_meeting_create,
    mentorship_update,
    school_attendance_set,
    school_programme_create,
    school_session_create,
)
from tenants.municipalities.models import Municipality
from tenants.people.models import StaffKind, Teacher
from tenants.people.selectors import teacher_young_q

M = MentorshipStatus

GOALS = (
    "Адаптация в коллективе; освоение требований к рабочей программе и ведению электронного журнала.",
    "Методика современного урока: целеполагание, формирующее оценивание, работа с разными группами учащихся.",
    "Классное руководство: взаимодействие с родителями, планирование воспитательной работы.",
)
PLAN = (
    "Совместное планирование уроков на первую четверть\n"
    "Взаимопосещение уроков (не реже двух раз в месяц)\n"
    "Разбор трудных ситуаций на уроке\n"
    "Открытый урок молодого педагога\n"
    "Самоанализ и итоговая беседа"
)
# The fate of each pair in turn: most are at work, some are yet to start, some are over.
OUTCOMES = (M.ACTIVE, M.ACTIVE, M.PLANNED, M.ACTIVE, M.COMPLETED, M.ACTIVE, M.TERMINATED)
LEFT_WITHOUT = 2  # young teachers left without a mentor, so that the flag shows

SESSIONS = (
    (9, 20, "Нормативные документы молодого педагога: рабочая программа, журнал, локальные акты", "семинар"),
    (10, 25, "Современный урок: целеполагание и структура", "практикум"),
    (11, 22, "Формирующее оценивание на уроке", "мастер-класс"),
    (1, 24, "Классное руководство и работа с родителями", "тренинг"),
    (3, 14, "Открытые уроки молодых педагогов", "открытые уроки"),
    (5, 16, "Итоги года: портфолио и самоанализ молодого педагога", "круглый стол"),
)


def _mentor_for(teacher: Teacher, used: set[int]) -> Teacher | None:
    experienced = Teacher.objects.exclude(teacher_young_q()).filter(
        staff_kind=StaffKind.TEACHING, teaching_since__isnull=False
    )
    for candidates in (experienced.filter(organisation=teacher.organisation), experienced):
        mentor = candidates.exclude(pk__in=used).order_by("teaching_since", "pk").first()
        if mentor is not None:
            return mentor
    return None


def _pairs_seed(young: list[Teacher], today: datetime.date) -> None:
    used: set[int] = set()
    for index, mentee in enumerate(young[: max(len(young) - LEFT_WITHOUT, 0)]):
        if Mentorship.objects.filter(mentee=mentee).exists():
            continue
        mentor = _mentor_for(mentee, used)
        if mentor is None:
            return
        used.add(mentor.pk)
        outcome = OUTCOMES[index % len(OUTCOMES)]
        # Never before the young teacher began (they must be young on the first day), at most ~10 months ago.
        starts_on = max(mentee.teaching_since or today, today - datetime.timedelta(days=300))
        if outcome == M.PLANNED:
            starts_on = today
        pair = mentorship_create(
            mentor=mentor,
            mentee=mentee,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=365),
            goals=GOALS[index % len(GOALS)],
            plan=PLAN,
            status=M.PLANNED if outcome == M.PLANNED else M.ACTIVE,
            acting_user=None,
        )
        if outcome == M.COMPLETED:
            mentorship_update(
                mentorship=pair,
                status=M.COMPLETED,
                ends_on=max(starts_on, today - datetime.timedelta(days=7)),
                result="Молодой педагог провёл открытый урок, получил положительный отзыв ГМО; "
                "рабочая программа и журнал ведутся без замечаний.",
                acting_user=None,
            )
        elif outcome == M.TERMINATED:
            mentorship_update(
                mentorship=pair,
                status=M.TERMINATED,
                ends_on=max(starts_on, today - datetime.timedelta(days=20)),
                result="Наставник перешёл на работу в другую организацию; назначается новый наставник.",
                acting_user=None,
            )


def _meetings_seed(today: datetime.date) -> None:
    """Meetings of the active pairs: most met this quarter; every third met only before it (or not
    yet), so the methodologists' home counts pairs without a meeting this quarter."""
    forms = list(MeetingForm)
    active = Mentorship.objects.filter(status=M.ACTIVE).order_by("pk")
    for index, pair in enumerate(active):
        if pair.meetings.exists():
            continue
        this_quarter = quarter_start(today)
        days = {today - datetime.timedelta(days=d) for d in (95, 60, 30)}
        if index % 3 == 2:  # quiet this quarter
            days = {day for day in days if day < this_quarter}
        else:
            days.add(max(this_quarter, pair.starts_on))
        for number, day in enumerate(sorted(day for day in days if pair.starts_on <= day <= today)):
            mentorship_meeting_create(
                mentorship=pair, date=day, form=forms[(index + number) % len(forms)], acting_user=None,
                notes="Разобрали урок молодого педагога, наметили приёмы формирующего оценивания на следующую неделю.",
            )  # fmt: skip


def _school_seed(young: list[Teacher], today: datetime.date) -> None:
    year = AcademicYear.of(today)
    programme = school_programme_get(academic_year=year.start)
    if programme is None:
        programme = school_programme_create(
            academic_year=year,
            goals="Профессиональная адаптация молодых педагогов: нормативная база, методика урока, "
            "классное руководство, самоанализ (000 §3.7, 001 §3.7).",
            participants=young[:15],
            acting_user=None,
        )
    if programme.sessions.exists():
        return
    participants = list(programme.participants.order_by("pk"))
    for number, (month, day, topic, form) in enumerate(SESSIONS):
        date = datetime.date(year.start if month >= 9 else year.start + 1, month, day)
        session: SchoolSession = school_session_create(
            programme=programme, date=date, topic=topic, form_of_work=form, acting_user=None
        )
        if date <= today:
            # Most come; who misses a session varies from session to session.
            present = [t for i, t in enumerate(participants) if (i + number) % 5 != 0]
            school_attendance_set(session=session, attendees=present, acting_user=None)


@transaction.atomic
def demo_seed(municipality: Municipality) -> None:
    today = timezone.localdate()
    young = list(young_teacher_list().filter(staff_kind=StaffKind.TEACHING).order_by("pk"))
    _pairs_seed(young, today)
    _meetings_seed(today)
    _school_seed(young, today)
    mentoring_rollup_refresh()
