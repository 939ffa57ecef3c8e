"""The region's default catalogues: kinds of assessment procedures and their subjects.

Seeded into the public schema by a data migration, so every municipality reads the same codes
(000 §2.2, §2.3.1; 003 §1.3: the service monitors the results of external and municipal
assessment). The region can add kinds and subjects; the codes are what the roll-ups count by.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MARKS = "marks"
SCORES = "scores"


@dataclass(frozen=True)
class KindDefault:
    code: str
    short_name: object
    name: object
    result_form: str
    grades: tuple[int, ...]
    journal_comparison: bool = False
    objectivity_checked: bool = False
    is_state_exam: bool = False
    max_score: int | None = None


DEFAULT_PROCEDURE_KINDS: tuple[KindDefault, ...] = (
    # ВПР: the school marks the work itself, and ФИС ОКО compares the mark with the journal's.
    KindDefault(
        "vpr",
        _("ВПР"),
        _("Всероссийские проверочные работы"),
        MARKS,
        (4, 5, 6, 7, 8, 10, 11),
        journal_comparison=True,
        objectivity_checked=True,
    ),
    KindDefault("oge", _("ОГЭ"), _("Основной государственный экзамен"), MARKS, (9,), is_state_exam=True),
    KindDefault("ege", _("ЕГЭ"), _("Единый государственный экзамен"), SCORES, (11,), is_state_exam=True, max_score=100),
    KindDefault(
        "niko", _("НИКО"), _("Национальные исследования качества образования"), MARKS, (4, 5, 6, 7, 8, 9, 10, 11)
    ),
    KindDefault(
        "regional",
        _("РДР"),
        _("Региональная диагностическая работа"),
        MARKS,
        (2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        objectivity_checked=True,
    ),
    KindDefault(
        "municipal",
        _("МДР"),
        _("Муниципальная диагностическая работа"),
        MARKS,
        (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        objectivity_checked=True,
    ),
)

DEFAULT_SUBJECTS: tuple[tuple[str, object], ...] = (
    ("russian", _("Русский язык")),
    ("math", _("Математика")),
    ("math-profile", _("Математика (профильный уровень)")),
    ("world", _("Окружающий мир")),
    ("literature", _("Литература")),
    ("history", _("История")),
    ("social", _("Обществознание")),
    ("geography", _("География")),
    ("biology", _("Биология")),
    ("physics", _("Физика")),
    ("chemistry", _("Химия")),
    ("informatics", _("Информатика")),
    ("english", _("Английский язык")),
    ("german", _("Немецкий язык")),
    ("french", _("Французский язык")),
)

GRADES = tuple(range(1, 12))
