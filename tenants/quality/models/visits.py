"""Visits to organisations and lesson observations («посещение учебных занятий», 004 §3.2).

A :class:`Visit` is a methodologist's trip to an organisation (often a measure of a support
programme): the lessons observed, the findings, the recommendations and the follow-up. Each
:class:`LessonObservation` is one lesson of one teacher, marked by the municipality's
observation form: its :class:`ObservationCriterion` rows (seeded with defaults by a data
migration, editable), each marked 0–2.

Teachers' names are personal data: the role permissions give the region's observers nothing
here (``accounts.role_permissions.OBSERVER_WITHHELD_PERMISSIONS``). Observation marks describe
a lesson for the teacher's own growth; they are never combined with assessment results.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Subject, Teacher


class ObservationCriterion(models.Model):
    """A criterion of the municipality's lesson observation form."""

    code = models.SlugField(_("код"), max_length=64, unique=True)
    name = models.CharField(_("критерий"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("в форме наблюдения"), default=True)
    is_default = models.BooleanField(_("из стандартной формы"), default=False, editable=False)

    class Meta:
        verbose_name = _("критерий наблюдения урока")
        verbose_name_plural = _("критерии наблюдения урока")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ObservationMarkValue(models.IntegerChoices):
    ABSENT = 0, _("0 — не проявляется")
    PARTLY = 1, _("1 — проявляется частично")
    FULLY = 2, _("2 — проявляется в полной мере")


MAX_MARK = max(ObservationMarkValue.values)


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    DONE = "done", _("Проведено")
    CANCELLED = "cancelled", _("Отменено")


class Visit(models.Model):
    """A visit to an organisation with lesson observations (004 §3.2)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="quality_visits", verbose_name=_("организация")
    )
    visited_on = models.DateField(_("дата"))
    observer = models.ForeignKey(
        Methodologist, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто посещает (методист)")
    )
    purpose = models.CharField(_("цель посещения"), max_length=500)
    programme = models.ForeignKey(
        "quality.SupportProgramme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
        verbose_name=_("программа поддержки"),
    )
    status = models.CharField(_("статус"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    findings = models.TextField(_("выводы"), blank=True)
    recommendations = models.TextField(_("рекомендации организации"), blank=True)
    follow_up = models.TextField(
        _("что сделать после посещения"), blank=True, help_text=_("Повторное посещение, консультация, курсы…")
    )
    follow_up_due = models.DateField(_("срок"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("выполнено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("посещение организации")
        verbose_name_plural = _("посещения учебных занятий")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.visited_on:%d.%m.%Y}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        programme = self.programme if self.programme_id is not None else None
        if programme is not None and self.organisation_id != programme.organisation_id:
            errors.setdefault("programme", []).append(str(_("Программа поддержки другой организации.")))
        if self.follow_up_done_on and not self.follow_up.strip():
            errors.setdefault("follow_up", []).append(str(_("Опишите, что было сделано после посещения.")))
        if errors:
            raise ValidationError(errors)


class LessonObservation(models.Model):
    """One observed lesson: the teacher, subject, grade and topic, the marks and recommendations."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations", verbose_name=_("посещение"))
    teacher = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="+", verbose_name=_("педагог"))
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("предмет")
    )
    grade = models.PositiveSmallIntegerField(
        _("класс"), validators=[MinValueValidator(1), MaxValueValidator(11)], null=True, blank=True
    )
    class_letter = models.CharField(_("буква класса"), max_length=4, blank=True)
    topic = models.CharField(_("тема урока"), max_length=500, blank=True)
    recommendations = models.TextField(_("рекомендации педагогу"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("наблюдение урока")
        verbose_name_plural = _("наблюдения уроков")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.topic or self.subject or ''}"

    def clean(self) -> None:
        if (
            self.teacher_id is not None
            and self.visit_id is not None
            and self.teacher.organisation_id != self.visit.organisation_id
        ):
            raise ValidationError({"teacher": _("Педагог работает в другой организации.")})


class ObservationMark(models.Model):
    """The mark of one criterion in one observed lesson (0–2)."""

    observation = models.ForeignKey(LessonObservation, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(ObservationCriterion, on_delete=models.PROTECT, related_name="+")
    mark = models.PositiveSmallIntegerField(_("оценка"), choices=ObservationMarkValue.choices)
    comment = models.CharField(_("комментарий"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("оценка по критерию")
        verbose_name_plural = _("оценки по критериям")
        ordering = ["observation", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["observation", "criterion"], name="observation_mark_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.mark}"
