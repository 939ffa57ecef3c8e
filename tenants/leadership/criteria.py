"""The default criteria of effectiveness, seeded into every municipality by a data migration (so the
template schema, and every municipality cloned from it, has them). Each comes from a duty the seeds
give the association (002 table 2; 003 §5.1) or the school's methodological service (002 table 1;
004 §3.2); the evaluation itself is the municipal service's (000 §2.3.1). Scored 0 (no), 1 (in part),
2 (yes)."""

from __future__ import annotations

from typing import Any

ASSOCIATION_CRITERIA = (
    ("plan", "План работы на учебный год составлен и утверждён", "003 §5.1"),
    ("meetings", "Заседания проведены по плану, оформлены протоколы", "002 табл. 2"),
    ("analysis", "Анализ работы за год представлен", "003 §5.1"),
    ("experience", "Опыт педагогов обобщён и распространён (открытые уроки, мастер-классы, публикации)", "002 табл. 2"),
    ("contests", "Педагоги участвуют в конкурсах профессионального мастерства", "002 табл. 2"),
    ("young", "Молодым педагогам оказана методическая помощь", "002 табл. 2"),
    ("gifted", "Организовано участие обучающихся в олимпиадах и конкурсах", "002 табл. 2"),
)
SCHOOL_CRITERIA = (
    ("shmo", "Школьные методические объединения созданы и работают по плану", "002 табл. 1"),
    ("pd", "Повышение квалификации педагогов пройдено в срок", "002 табл. 1"),
    ("deficits", "Профессиональные дефициты выявлены, составлены индивидуальные маршруты", "004 §3.2"),
    ("mentoring", "Молодым педагогам назначены наставники", "002 табл. 1"),
    ("results", "Результаты оценочных процедур проанализированы, приняты меры", "004 §3.2"),
    ("events", "Педагоги участвуют в муниципальных методических мероприятиях", "002 табл. 1"),
)


def criteria_seed(criterion_model: Any) -> int:
    """Add the default criteria missing from the schema in use; returns how many were added."""
    made = 0
    for subject, rows in (("association", ASSOCIATION_CRITERIA), ("school", SCHOOL_CRITERIA)):
        for position, (code, name, source) in enumerate(rows, start=1):
            _obj, created = criterion_model.objects.get_or_create(
                subject=subject,
                code=code,
                defaults={"name": name, "source": source, "max_score": 2, "position": position * 10},
            )
            made += int(created)
    return made
