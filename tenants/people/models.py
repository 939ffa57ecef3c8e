"""Teachers and management staff of the municipality, and the methodologists of its service.

Personal data: visible only to staff of the same municipality (the role permissions give the
region's observers nothing in this app).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.organisations.models import Organisation

YOUNG_TEACHER_YEARS = 3


class Subject(models.Model):
    """A subject or category a teacher teaches (a per-municipality catalogue)."""

    name = models.CharField(_("название"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("предмет / категория")
        verbose_name_plural = _("предметы и категории")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffKind(models.TextChoices):
    TEACHING = "teaching", _("Педагогический работник")  # 004 §2.1.5
    MANAGEMENT = "management", _("Управленческие кадры")  # 004 §2.1.6


class QualificationCategory(models.TextChoices):
    NONE = "none", _("Без категории")
    CONFORMITY = "conformity", _("Соответствие занимаемой должности")
    FIRST = "first", _("Первая")
    HIGHEST = "highest", _("Высшая")


class Teacher(models.Model):
    """A teacher or a manager of an educational organisation (004 §2.1.5–2.1.6)."""

    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    staff_kind = models.CharField(_("категория"), max_length=20, choices=StaffKind.choices, default=StaffKind.TEACHING)
    position = models.CharField(_("должность"), max_length=255)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="teachers", verbose_name=_("предметы"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teachers", verbose_name=_("организация")
    )
    qualification_category = models.CharField(
        _("квалификационная категория"),
        max_length=20,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    teaching_since = models.DateField(_("педагогический стаж с"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("учётная запись"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("педагог")
        verbose_name_plural = _("педагоги")
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [models.Index(fields=["last_name", "first_name", "middle_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def is_young(self, on: datetime.date | None = None) -> bool:
        """A young teacher has taught for under three years (000, 001: the young teacher school)."""
        if self.teaching_since is None:
            return False
        return self.teaching_since > young_teacher_threshold(on)


def young_teacher_threshold(on: datetime.date | None = None) -> datetime.date:
    """Teachers who started after this day are young on ``on`` (today): three years back from it."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - YOUNG_TEACHER_YEARS)
    except ValueError:  # 29 February
        return on.replace(year=on.year - YOUNG_TEACHER_YEARS, day=28)


class ResponsibilityArea(models.Model):
    """An area a methodologist is responsible for (001 §3.7); seeded with the usual ones."""

    name = models.CharField(_("название"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("направление ответственности")
        verbose_name_plural = _("направления ответственности")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Methodologist(models.Model):
    """A methodologist of the service with the areas they are responsible for (001 §3.7)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("учётная запись")
    )
    position = models.CharField(_("должность"), max_length=255, default="методист")
    areas = models.ManyToManyField(
        ResponsibilityArea, blank=True, related_name="methodologists", verbose_name=_("направления")
    )
    is_head = models.BooleanField(_("руководитель службы"), default=False)
    phone = models.CharField(_("рабочий телефон"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("методист службы")
        verbose_name_plural = _("методисты службы")
        ordering = ["-is_head", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                name="methodologist_one_per_user",
                violation_error_message=_("Этот сотрудник уже есть среди методистов службы."),
            ),
            # 001 §3.7: the service has one head.
            models.UniqueConstraint(
                fields=["is_head"],
                condition=models.Q(is_head=True),
                name="methodologist_one_head",
                violation_error_message=_("Руководитель службы уже назначен: сначала снимите отметку у прежнего."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
