"""The default lesson observation form (004 §3.2 «посещение учебных занятий»): criteria marked 0–2.

Every municipality's catalogue is seeded from this list by a data migration and may change.
The criteria follow what an observation sheet of an updated-ФГОС lesson usually asks.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_CRITERIA: tuple[tuple[str, object], ...] = (
    ("goals", _("Цель и задачи урока поставлены, соответствуют ФГОС и понятны обучающимся")),
    ("content", _("Содержание соответствует рабочей программе (ФОП) и возрасту обучающихся")),
    ("structure", _("Структура урока логична, время используется рационально")),
    ("activity", _("Методы и приёмы обеспечивают активную деятельность обучающихся")),
    ("literacy", _("Формируется функциональная грамотность")),
    ("differentiation", _("Задания дифференцированы, учтены индивидуальные особенности")),
    ("assessment", _("Оценивание объективное, обучающиеся получают обратную связь")),
    ("digital", _("Уместно используются цифровые ресурсы")),
    ("reflection", _("Подведены итоги, организована рефлексия")),
    ("climate", _("Благоприятный психологический климат, культура общения")),
)
