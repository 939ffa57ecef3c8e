"""Kinds and audiences of methodological events, shared by municipal and regional events.

The unified regional calendar (public schema) and each municipality's events use the same codes,
so that a conflict on a day can be found for "the same audience" (004 §4.6) and so that a
municipal event proposed to the region keeps its kind.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """Forms of methodological events named by the regulations (000 §2.3.3, 002 §3.3, 003 §4.3)."""

    SEMINAR = "seminar", _("Семинар")
    CONFERENCE = "conference", _("Конференция")
    RESEARCH_CONFERENCE = "research_conference", _("Научно-практическая конференция (НПК)")
    ROUND_TABLE = "round_table", _("Круглый стол")
    MASTER_CLASS = "master_class", _("Мастер-класс")
    OPEN_LESSON = "open_lesson", _("Открытый урок")
    CONTEST = "contest", _("Профессиональный конкурс")
    OLYMPIAD = "olympiad", _("Олимпиада обучающихся")
    INTERNSHIP = "internship", _("Стажировка")
    CONSULTATION_DAY = "consultation_day", _("День консультаций")
    ASSOCIATION_MEETING = "association_meeting", _("Заседание методического объединения")


# Contests and olympiads keep stages, participants and results (000 §2.3.3).
CONTEST_KINDS = frozenset({EventKind.CONTEST, EventKind.OLYMPIAD})


class EventAudience(models.TextChoices):
    ALL = "all", _("Все педагогические работники")
    TEACHERS = "teachers", _("Учителя-предметники")
    PRESCHOOL = "preschool", _("Педагоги дошкольного образования")
    YOUNG_TEACHERS = "young_teachers", _("Молодые педагоги")
    MANAGERS = "managers", _("Руководители и заместители руководителей")
    ASSOCIATION_LEADERS = "association_leaders", _("Руководители методических объединений")
    STUDENTS = "students", _("Обучающиеся")
    PARENTS = "parents", _("Родители")


def audiences_overlapping(audience: str) -> list[str]:
    """Audiences that meet ``audience`` on a day: the same one, and "all" meets every teacher."""
    if audience == EventAudience.ALL:
        return [a for a in EventAudience.values if a not in (EventAudience.STUDENTS, EventAudience.PARENTS)]
    if audience in (EventAudience.STUDENTS, EventAudience.PARENTS):
        return [audience]
    return [audience, EventAudience.ALL]
