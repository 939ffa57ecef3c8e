"""The default catalogue of professional competence areas (004 §2.1.9, §3.3.1).

Each municipality's catalogue is seeded from this list and may grow; the codes are shared
across the region so that a regional event, a course or a municipal event tagged with a code
can be matched to a teacher's deficit in any municipality.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_COMPETENCE_AREAS: tuple[tuple[str, object], ...] = (
    ("subject", _("Предметные знания")),
    ("methods", _("Методика преподавания предмета")),
    ("fgos", _("Реализация обновлённых ФГОС и ФОП")),
    ("assessment", _("Оценивание образовательных результатов")),
    ("functional-literacy", _("Формирование функциональной грамотности")),
    ("digital", _("Цифровые образовательные технологии")),
    ("inclusive", _("Инклюзивное образование, работа с детьми с ОВЗ")),
    ("upbringing", _("Воспитательная работа и классное руководство")),
    ("psychology", _("Психолого-педагогические компетенции")),
    ("gifted", _("Работа с одарёнными детьми")),
    ("research", _("Проектная и исследовательская деятельность")),
    ("management", _("Управленческие компетенции")),
)

COMPETENCE_AREA_CODES = tuple(code for code, _name in DEFAULT_COMPETENCE_AREAS)
