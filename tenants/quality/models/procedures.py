"""Assessment procedures of the municipality's academic year (000 §2.2; 001 §2.2 p. 5, §3.7).

The service supports the procedures (the head is the municipal coordinator of monitoring
research, 001 §3.7) and monitors their results (000 §2.3.1). A procedure is of one of the
region's kinds (``assessment.ProcedureKind``), for some of its grades and subjects, on dates
that show in the service's calendar, and may fulfil an item of the annual plan.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.vocabulary import GRADES
from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.people.models import Methodologist


class AssessmentProcedure(models.Model):
    """A procedure (ВПР, ОГЭ, ЕГЭ, НИКО, a regional or municipal diagnostic work) of one year."""

    kind = models.ForeignKey(
        "assessment.ProcedureKind", on_delete=models.PROTECT, related_name="+", verbose_name=_("вид процедуры")
    )
    academic_year = AcademicYearField(_("учебный год"))
    title = models.CharField(
        _("название"), max_length=300, blank=True, help_text=_("Пусто — вид процедуры и учебный год.")
    )
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    grades = ArrayField(
        models.PositiveSmallIntegerField(choices=[(g, str(g)) for g in GRADES]),
        verbose_name=_("классы"),
        help_text=_("Классы, в которых проводится процедура; результаты принимаются только для них."),
    )
    subjects = models.ManyToManyField(
        "assessment.AssessmentSubject",
        related_name="+",
        verbose_name=_("предметы"),
        help_text=_("Предметы процедуры; результаты принимаются только по ним."),
    )
    coordinator = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("муниципальный координатор"),
    )
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_procedures",
        verbose_name=_("мероприятие годового плана"),
        help_text=_("Организационно-методическое сопровождение процедуры в плане работы службы."),
    )
    note = models.TextField(_("примечание"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("оценочная процедура")
        verbose_name_plural = _("оценочные процедуры")
        ordering = ["-academic_year", "starts_on", "pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="procedure_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="procedure_dates_in_order",
                violation_error_message=_("Процедура не может закончиться раньше, чем начнётся."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        kind = self.kind.short_name if self.kind_id else ""
        return f"{kind} {self.year.label}".strip()

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors.setdefault("ends_on", []).append(str(_("Процедура не может закончиться раньше, чем начнётся.")))
        if self.academic_year and self.starts_on and not self.year.contains(self.starts_on):
            errors.setdefault("starts_on", []).append(
                str(_("Дата вне %(year)s учебного года.") % {"year": self.year.label})
            )
        if not self.grades:
            errors.setdefault("grades", []).append(str(_("Укажите хотя бы один класс.")))
        elif self.kind_id is not None:
            extra = sorted(set(self.grades) - set(self.kind.grades))
            if extra:
                errors.setdefault("grades", []).append(
                    str(
                        _("%(kind)s не проводится в классах: %(grades)s.")
                        % {"kind": self.kind.short_name, "grades": ", ".join(map(str, extra))}
                    )
                )
        if self.grades:
            self.grades = sorted(set(self.grades))
        if errors:
            raise ValidationError(errors)
