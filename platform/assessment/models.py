"""Region-level data every municipality reads about assessment procedures (public schema).

* :class:`ProcedureKind` — ВПР, ОГЭ, ЕГЭ, НИКО, regional and municipal diagnostic work (seeded
  by a data migration from ``assessment.vocabulary``); the region may add kinds. A kind says
  how its results are written: counts of marks «2»–«5», or (ЕГЭ) a mean score and the count
  below the minimum; whether the journal comparison is kept (ВПР); whether the signs of
  non-objectivity are looked for; whether it is a state exam other kinds are compared with.
* :class:`AssessmentSubject` — the region's subject catalogue of assessments: results are
  counted by its codes, so municipalities compare.
* :class:`QualityThresholds` — the one row of thresholds at which an organisation is flagged for
  low or non-objective results (000 §2.2, 003 §1.3), edited by the institute; the defaults and
  where each comes from are in the field help and the README.

Municipal schemas point at these rows (procedures, results); they are never deleted once used.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.vocabulary import GRADES, MARKS, SCORES

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ResultForm(models.TextChoices):
    MARKS = MARKS, _("Отметки «2»–«5»")
    SCORES = SCORES, _("Средний балл и число не преодолевших минимум")


class ProcedureKind(models.Model):
    """A kind of assessment procedure (000 §2.3.1: external and municipal assessment of quality)."""

    code = models.SlugField(_("код"), max_length=32, unique=True)
    short_name = models.CharField(_("краткое название"), max_length=20)
    name = models.CharField(_("название"), max_length=200)
    result_form = models.CharField(_("форма результатов"), max_length=10, choices=ResultForm.choices)
    grades = ArrayField(
        models.PositiveSmallIntegerField(choices=[(g, str(g)) for g in GRADES]),
        verbose_name=_("классы"),
        help_text=_("В каких классах проводится; процедура муниципалитета выбирает из них."),
    )
    journal_comparison = models.BooleanField(
        _("сравнение с отметкой по журналу"),
        default=False,
        help_text=_("Понизили / подтвердили / повысили отметку по журналу — как в отчётах ФИС ОКО по ВПР."),
    )
    objectivity_checked = models.BooleanField(
        _("проверять признаки необъективности"),
        default=False,
        help_text=_(
            "Работы проверяет сама школа: результаты сравниваются с журналом, экзаменами, прошлым годом и регионом."
        ),
    )
    is_state_exam = models.BooleanField(
        _("государственный экзамен"),
        default=False,
        help_text=_("С результатами экзамена сравниваются результаты процедур, проверяемых на объективность."),
    )
    max_score = models.PositiveSmallIntegerField(_("максимальный балл"), null=True, blank=True)
    is_default = models.BooleanField(_("из регионального перечня"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("порядок"), default=100)

    class Meta:
        verbose_name = _("вид оценочной процедуры")
        verbose_name_plural = _("виды оценочных процедур")
        ordering = ["position", "short_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def uses_marks(self) -> bool:
        return self.result_form == ResultForm.MARKS


class AssessmentSubject(models.Model):
    """A subject of the region's assessment procedures; results are rolled up by its code."""

    code = models.SlugField(_("код"), max_length=32, unique=True)
    name = models.CharField(_("название"), max_length=200)
    is_default = models.BooleanField(_("из регионального перечня"), default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("порядок"), default=100)

    class Meta:
        verbose_name = _("предмет оценочных процедур")
        verbose_name_plural = _("предметы оценочных процедур")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class QualityThresholds(models.Model):
    """The region's thresholds for the flags «низкие результаты» and «признаки необъективности».

    One row (pk 1). Shares are percentages of participants; gaps and jumps are percentage
    points. Where a default comes from is said in each field's help text.
    """

    SINGLETON_PK = 1

    min_participants = models.PositiveSmallIntegerField(
        _("наименьшее число участников"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_(
            "Меньшие группы не отмечаются: в классе из нескольких человек один ученик меняет долю на десятки "
            "процентов. Значение выбрано нами."
        ),
    )
    low_share_2 = models.DecimalField(
        _("низкие результаты: доля «2», %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("25.0"),
        validators=PERCENT,
        help_text=_(
            "Доля участников с отметкой «2» не меньше этой. 25 % — по аналогии с индикатором риска Рособрнадзора "
            "«более 25 % участников диагностической работы не справились»."
        ),
    )
    low_below_minimum = models.DecimalField(
        _("низкие результаты: не преодолели минимум, %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=PERCENT,
        help_text=_("Для экзаменов с баллами (ЕГЭ): доля участников ниже минимального балла. Значение выбрано нами."),
    )
    raised_share = models.DecimalField(
        _("необъективность: повысили отметку по журналу, %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("15.0"),
        validators=PERCENT,
        help_text=_(
            "Доля участников ВПР, чья отметка за работу выше отметки по журналу. Сравнение с журналом — "
            "признак из методики Рособрнадзора и отчётов ФИС ОКО; порог выбран нами."
        ),
    )
    exam_gap = models.DecimalField(
        _("необъективность: разрыв с ОГЭ/ЕГЭ, п. п."),
        max_digits=4,
        decimal_places=1,
        default=Decimal("30.0"),
        validators=PERCENT,
        help_text=_(
            "На сколько процентных пунктов качество (ВПР 5–9 кл. против ОГЭ) или успешность (10–11 кл. против "
            "ЕГЭ) той же организации по тому же предмету выше. Сопоставление с ГИА — признак из методики "
            "Рособрнадзора; порог выбран нами."
        ),
    )
    jump = models.DecimalField(
        _("необъективность: скачок к прошлому году, п. п."),
        max_digits=4,
        decimal_places=1,
        default=Decimal("25.0"),
        validators=PERCENT,
        help_text=_(
            "Рост качества (доли «4» и «5») в том же классе и предмете за год. Резкий рост — признак из методики "
            "Рособрнадзора; порог выбран нами."
        ),
    )
    distribution_distance = models.DecimalField(
        _("необъективность: непохожее на регион распределение, %"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("30.0"),
        validators=PERCENT,
        help_text=_(
            "Расстояние между распределениями отметок организации и региона (половина суммы модулей разностей "
            "долей «2»–«5»), когда качество организации выше регионального. Мера и порог выбраны нами."
        ),
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("кто изменил"),
    )

    class Meta:
        verbose_name = _("пороги отметок о результатах")
        verbose_name_plural = _("пороги отметок о результатах")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
