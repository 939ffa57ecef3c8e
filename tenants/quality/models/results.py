"""Results of an assessment procedure by organisation: counts only, never pupils.

One row per organisation, grade, optional class letter and subject: participants, and either
the counts of marks «2»–«5» (and, optionally, a mean score), or — for a procedure with scores
(ЕГЭ) — the mean score and the count below the minimum; for ВПР, how the mark for the work
compares with the journal's (понизили / подтвердили / повысили), as ФИС ОКО reports it.

No row names a teacher or a pupil. ВПР results are used to analyse the system and to help
organisations, never to assess individual teachers (Rosobrnadzor's recommendations on ВПР): no
model here links a result to a teacher.

:func:`result_problems` is the one check of a row's numbers against its procedure, used by the
model's ``clean`` (typed input) and by the import (errors by row).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from assessment.indicators import ResultCounts
from tenants.organisations.models import Organisation
from tenants.quality.models.procedures import AssessmentProcedure

MARK_FIELDS = ("marks_2", "marks_3", "marks_4", "marks_5")
SCORE_FIELDS = ("mean_score", "below_minimum")
JOURNAL_FIELDS = ("journal_lowered", "journal_confirmed", "journal_raised")
COUNT_FIELDS = (*MARK_FIELDS, "below_minimum", *JOURNAL_FIELDS)
MAX_PARTICIPANTS = 5000


class AssessmentResult(models.Model):
    """One organisation's results in one grade (and class) and subject of a procedure."""

    procedure = models.ForeignKey(
        AssessmentProcedure, on_delete=models.CASCADE, related_name="results", verbose_name=_("процедура")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessment_results", verbose_name=_("организация")
    )
    grade = models.PositiveSmallIntegerField(_("класс (параллель)"))
    class_letter = models.CharField(_("буква класса"), max_length=4, blank=True, help_text=_("Пусто — вся параллель."))
    subject = models.ForeignKey(
        "assessment.AssessmentSubject", on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет")
    )
    participants = models.PositiveIntegerField(
        _("участников"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)]
    )
    marks_2 = models.PositiveIntegerField(_("«2»"), null=True, blank=True)
    marks_3 = models.PositiveIntegerField(_("«3»"), null=True, blank=True)
    marks_4 = models.PositiveIntegerField(_("«4»"), null=True, blank=True)
    marks_5 = models.PositiveIntegerField(_("«5»"), null=True, blank=True)
    mean_score = models.DecimalField(
        _("средний балл"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    below_minimum = models.PositiveIntegerField(_("ниже минимального балла"), null=True, blank=True)
    journal_lowered = models.PositiveIntegerField(_("понизили отметку по журналу"), null=True, blank=True)
    journal_confirmed = models.PositiveIntegerField(_("подтвердили отметку по журналу"), null=True, blank=True)
    journal_raised = models.PositiveIntegerField(_("повысили отметку по журналу"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("результат оценочной процедуры")
        verbose_name_plural = _("результаты оценочных процедур")
        ordering = ["procedure", "organisation__short_name", "grade", "class_letter", "subject__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "organisation", "grade", "class_letter", "subject"],
                name="assessment_result_unique",
                violation_error_message=_("Результат этой организации по этому классу и предмету уже внесён."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "procedure"], name="assessment_result_org")]

    def __str__(self) -> str:
        letter = self.class_letter or ""
        return f"{self.organisation} — {self.grade}{letter}, {self.subject}"

    def counts(self) -> ResultCounts:
        return result_counts(
            participants=self.participants,
            marks=tuple(getattr(self, f) for f in MARK_FIELDS),
            mean_score=self.mean_score,
            below_minimum=self.below_minimum,
            journal=tuple(getattr(self, f) for f in JOURNAL_FIELDS),
        )

    def clean(self) -> None:
        if self.procedure_id is None or self.subject_id is None:
            return
        self.class_letter = (self.class_letter or "").strip().upper()
        problems = result_problems(
            self.procedure,
            {name: getattr(self, name) for name in ("grade", "participants", *COUNT_FIELDS, "mean_score")},
            subject_id=self.subject_id,
        )
        if problems:
            errors: dict[str, list[str]] = {}
            for field, message in problems:
                errors.setdefault(field or "__all__", []).append(message)
            raise ValidationError(errors)


def result_counts(
    *,
    participants: int,
    marks: tuple[int | None, ...],
    mean_score: Decimal | None,
    below_minimum: int | None,
    journal: tuple[int | None, ...],
) -> ResultCounts:
    """The counts of one row, whichever way its numbers are written."""
    has_marks = all(m is not None for m in marks)
    has_scores = mean_score is not None and below_minimum is not None and not has_marks
    has_journal = all(j is not None for j in journal)
    m2, m3, m4, m5 = (int(m or 0) for m in marks) if has_marks else (0, 0, 0, 0)
    lowered, confirmed, raised = (int(j or 0) for j in journal) if has_journal else (0, 0, 0)
    return ResultCounts(
        participants=participants,
        marks_participants=participants if has_marks else 0,
        marks_2=m2,
        marks_3=m3,
        marks_4=m4,
        marks_5=m5,
        score_participants=participants if has_scores else 0,
        score_sum=(mean_score or Decimal(0)) * participants if has_scores else Decimal(0),
        below_minimum=int(below_minimum or 0) if has_scores else 0,
        journal_participants=participants if has_journal else 0,
        journal_lowered=lowered,
        journal_confirmed=confirmed,
        journal_raised=raised,
    )


def result_problems(
    procedure: AssessmentProcedure,
    values: Mapping[str, Any],
    *,
    subject_id: int | None,
    subjects: Mapping[int, Any] | None = None,
) -> list[tuple[str, str]]:
    """What is wrong with a row's numbers for ``procedure``: (field, Russian message) pairs.

    Marks «2»–«5» are required for a procedure with marks and add up to the participants; a
    procedure with scores (ЕГЭ) needs the mean score (not above the kind's maximum) and the count
    below the minimum, and takes no marks. The journal comparison is optional, but when given
    is complete, adds up to the participants, and only for a kind that keeps it (ВПР).
    ``subjects`` (the procedure's, by id) spares an import of thousands of rows the look-up per row.
    """
    kind = procedure.kind
    problems: list[tuple[str, str]] = []
    participants = values.get("participants") or 0
    grade = values.get("grade")
    if grade is not None and grade not in procedure.grades:
        problems.append(
            (
                "grade",
                gettext_now("В процедуре «%(procedure)s» нет %(grade)s класса; есть: %(grades)s.")
                % {"procedure": procedure, "grade": grade, "grades": ", ".join(map(str, procedure.grades))},
            )
        )
    if subject_id is not None and procedure.pk is not None:
        allowed = subjects if subjects is not None else {s.pk: s for s in procedure.subjects.all()}
        if allowed and subject_id not in allowed:
            problems.append(
                (
                    "subject",
                    gettext_now("Предмет не входит в процедуру «%(procedure)s»; есть: %(subjects)s.")
                    % {"procedure": procedure, "subjects": ", ".join(s.name for s in allowed.values())},
                )
            )
    marks = [values.get(f) for f in MARK_FIELDS]
    given_marks = [m for m in marks if m is not None]
    if kind.uses_marks:
        if len(given_marks) < len(MARK_FIELDS):
            problems.append(("marks_2", gettext_now("Укажите число отметок «2», «3», «4» и «5» (ноль, если их нет).")))
        elif sum(given_marks) != participants:
            problems.append(
                (
                    "marks_2",
                    gettext_now("Отметок «2»–«5» %(sum)d, а участников %(participants)d: числа должны совпадать.")
                    % {"sum": sum(given_marks), "participants": participants},
                )
            )
        below = values.get("below_minimum")
        if below is not None:
            problems.append(
                ("below_minimum", gettext_now("Для процедуры с отметками число «ниже минимума» не указывается."))
            )
    else:
        if given_marks:
            problems.append(("marks_2", gettext_now("Для %(kind)s указываются баллы, а не отметки.") % {"kind": kind}))
        mean, below = values.get("mean_score"), values.get("below_minimum")
        if mean is None:
            problems.append(("mean_score", gettext_now("Укажите средний балл.")))
        if below is None:
            problems.append(("below_minimum", gettext_now("Укажите, сколько участников не набрали минимальный балл.")))
        elif below > participants:
            problems.append(("below_minimum", gettext_now("Не набравших минимум больше, чем участников.")))
    mean = values.get("mean_score")
    if mean is not None and kind.max_score is not None and mean > kind.max_score:
        problems.append(
            (
                "mean_score",
                gettext_now("Средний балл больше максимального (%(max)d).") % {"max": kind.max_score},
            )
        )
    journal = [values.get(f) for f in JOURNAL_FIELDS]
    given_journal = [j for j in journal if j is not None]
    if given_journal and not kind.journal_comparison:
        problems.append(("journal_raised", gettext_now("Сравнение с отметкой по журналу ведётся только для ВПР.")))
    elif given_journal and len(given_journal) < len(JOURNAL_FIELDS):
        problems.append(
            (
                "journal_raised",
                gettext_now("Укажите все три числа: понизили, подтвердили и повысили отметку по журналу."),
            )
        )
    elif given_journal and sum(given_journal) != participants:
        problems.append(
            (
                "journal_raised",
                gettext_now(
                    "Понизили, подтвердили и повысили — %(sum)d, а участников %(participants)d: числа должны совпадать."
                )
                % {"sum": sum(given_journal), "participants": participants},
            )
        )
    return problems
