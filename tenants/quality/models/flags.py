"""Flags on organisations' results, and the head's decisions on who needs methodological help.

The two reasons an organisation needs help (000 §2.2, 003 §1.3): **low results** and **signs
of non-objectivity**. A :class:`Flag` is one finding for one organisation, procedure, subject
and grade, with the figures that raised it; the flags are recounted from the results (see
``tenants.quality.flagging``) and never edited by hand. Its text is written from the figures
when shown, in the reader's language.

A :class:`SupportDecision` is the head's answer for an organisation in a year: it needs
support, or it does not — with a reason, always for a dismissal. Organisations with flags and
no decision are the suggestions.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.organisations.models import Organisation
from tenants.quality.models.procedures import AssessmentProcedure


class FlagKind(models.TextChoices):
    LOW = "low", _("Низкие результаты")
    NONOBJECTIVE = "nonobjective", _("Признаки необъективности")


class FlagReason(models.TextChoices):
    LOW_SHARE_2 = "low_share_2", _("Высокая доля «2»")
    LOW_BELOW_MINIMUM = "low_below_minimum", _("Много участников ниже минимального балла")
    RAISED_MARKS = "raised_marks", _("Отметки за работу выше журнальных")
    EXAM_GAP = "exam_gap", _("Результаты намного выше ОГЭ/ЕГЭ")
    JUMP = "jump", _("Резкий рост к прошлому году")
    DISTRIBUTION = "distribution", _("Распределение отметок не похоже на региональное")


REASON_KIND: dict[str, str] = {
    FlagReason.LOW_SHARE_2: FlagKind.LOW,
    FlagReason.LOW_BELOW_MINIMUM: FlagKind.LOW,
    FlagReason.RAISED_MARKS: FlagKind.NONOBJECTIVE,
    FlagReason.EXAM_GAP: FlagKind.NONOBJECTIVE,
    FlagReason.JUMP: FlagKind.NONOBJECTIVE,
    FlagReason.DISTRIBUTION: FlagKind.NONOBJECTIVE,
}


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + " %"


def _pp(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


class Flag(models.Model):
    """One finding of low or non-objective results (000 §2.2, 003 §1.3), with its figures.

    ``value`` is the organisation's figure compared with ``threshold``; ``compared_with`` the
    figure it was compared against (the exam's, last year's or the region's), ``own_quality``
    the organisation's quality where the text needs it.
    """

    academic_year = AcademicYearField(_("учебный год"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="quality_flags", verbose_name=_("организация")
    )
    procedure = models.ForeignKey(
        AssessmentProcedure, on_delete=models.CASCADE, related_name="flags", verbose_name=_("процедура")
    )
    subject = models.ForeignKey(
        "assessment.AssessmentSubject", on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет")
    )
    grade = models.PositiveSmallIntegerField(_("класс"))
    reason = models.CharField(_("причина"), max_length=32, choices=FlagReason.choices)
    participants = models.PositiveIntegerField(_("участников"))
    value = models.DecimalField(_("показатель"), max_digits=7, decimal_places=1)
    threshold = models.DecimalField(_("порог"), max_digits=5, decimal_places=1)
    compared_with = models.DecimalField(_("с чем сравнивалось"), max_digits=7, decimal_places=1, null=True)
    own_quality = models.DecimalField(_("качество организации"), max_digits=5, decimal_places=1, null=True)
    found_at = models.DateTimeField(_("выявлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("отметка о результатах")
        verbose_name_plural = _("отметки о результатах")
        ordering = ["organisation__short_name", "procedure__starts_on", "subject__position", "grade", "reason"]
        indexes = [models.Index(fields=["academic_year", "organisation"], name="quality_flag_year_org")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_reason_display()}"

    @property
    def kind(self) -> str:
        return REASON_KIND[self.reason]

    def get_kind_display(self) -> str:
        return str(FlagKind(self.kind).label)

    @property
    def where(self) -> str:
        return gettext("%(procedure)s, %(subject)s, %(grade)s кл.") % {
            "procedure": self.procedure.kind.short_name,
            "subject": self.subject.name,
            "grade": self.grade,
        }

    def description(self) -> str:
        """The reason in words, with the numbers that raised the flag."""
        figures = {
            "value": _pct(self.value),
            "threshold": _pct(self.threshold),
            "compared": _pct(self.compared_with),
            "own": _pct(self.own_quality),
            "gap": _pp(self.value - self.compared_with if self.compared_with is not None else None),
            "threshold_pp": _pp(self.threshold),
            "participants": self.participants,
        }
        texts = {
            FlagReason.LOW_SHARE_2: gettext(
                "отметку «2» получили %(value)s из %(participants)s участников (порог — %(threshold)s)"
            ),
            FlagReason.LOW_BELOW_MINIMUM: gettext(
                "минимальный балл не набрали %(value)s из %(participants)s участников (порог — %(threshold)s)"
            ),
            FlagReason.RAISED_MARKS: gettext(
                "отметка за работу выше отметки по журналу у %(value)s участников (порог — %(threshold)s)"
            ),
            FlagReason.EXAM_GAP: gettext(
                "результат %(value)s выше результата той же организации на ОГЭ/ЕГЭ (%(compared)s) на %(gap)s п. п. "
                "(порог — %(threshold_pp)s п. п.)"
            ),
            FlagReason.JUMP: gettext(
                "качество выросло за год с %(compared)s до %(value)s, на %(gap)s п. п. (порог — %(threshold_pp)s п. п.)"
            ),
            FlagReason.DISTRIBUTION: gettext(
                "распределение отметок далеко от регионального: расстояние %(value)s (порог — %(threshold)s), "
                "качество %(own)s против %(compared)s по региону"
            ),
        }
        return f"{self.where}: {texts[FlagReason(self.reason)] % figures}"


class SupportStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Нуждается в поддержке")
    DISMISSED = "dismissed", _("Поддержка не требуется")


class SupportDecision(models.Model):
    """The head's decision on an organisation in a year (000 §2.2: methodological help to those
    with low or non-objective results)."""

    academic_year = AcademicYearField(_("учебный год"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="support_decisions", verbose_name=_("организация")
    )
    status = models.CharField(_("решение"), max_length=20, choices=SupportStatus.choices)
    reason = models.TextField(_("обоснование"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("когда"), auto_now=True)

    class Meta:
        verbose_name = _("решение о поддержке организации")
        verbose_name_plural = _("решения о поддержке организаций")
        ordering = ["-academic_year", "organisation__short_name"]
        permissions = [("decide_support", _("Решать, какие организации нуждаются в поддержке (руководитель)"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "academic_year"],
                name="support_decision_one_per_year",
                violation_error_message=_("Решение по этой организации на этот учебный год уже принято."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()} ({AcademicYear(self.academic_year).label})"
