"""The register of innovation projects (001 §2.3, §3.7; 003 §4.2; 004 §3.2): organisations running
a project at a level (municipal, regional or federal innovation site), its topic, term, goals and
stages, the products it gives the resource bank, yearly reports, the responsible methodologist,
and its status with the history of every change.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist
from tenants.resources.models import Resource


class InnovationLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Муниципальная инновационная площадка")
    REGIONAL = "regional", _("Региональная инновационная площадка")
    FEDERAL = "federal", _("Федеральная инновационная площадка")


class InnovationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Заявлен")
    ACTIVE = "active", _("Реализуется")
    COMPLETED = "completed", _("Завершён")
    STOPPED = "stopped", _("Прекращён")


# Where a project may go from each status.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    InnovationStatus.PROPOSED: (InnovationStatus.ACTIVE, InnovationStatus.STOPPED),
    InnovationStatus.ACTIVE: (InnovationStatus.COMPLETED, InnovationStatus.STOPPED),
    InnovationStatus.COMPLETED: (),
    InnovationStatus.STOPPED: (),
}


class InnovationProject(models.Model):
    """An innovation project of one or more organisations."""

    title = models.CharField(_("тема проекта"), max_length=500)
    organisations = models.ManyToManyField(
        Organisation, related_name="innovation_projects", verbose_name=_("организации")
    )
    level = models.CharField(_("уровень"), max_length=16, choices=InnovationLevel.choices)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    goals = models.TextField(_("цели и задачи"))
    stages = models.TextField(_("этапы"), blank=True, help_text=_("По одному в строке: сроки и содержание."))
    products = models.ManyToManyField(
        Resource,
        blank=True,
        related_name="innovation_projects",
        verbose_name=_("продукты"),
        help_text=_("Методические материалы проекта из банка педагогической информации."),
    )
    responsible = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovation_projects",
        verbose_name=_("ответственный методист"),
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=InnovationStatus.choices, default=InnovationStatus.PROPOSED, editable=False
    )
    is_public = models.BooleanField(_("на сайте"), default=True)

    class Meta:
        verbose_name = _("инновационный проект")
        verbose_name_plural = _("инновационные проекты")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="innovation_project_period_order",
                violation_error_message=_("Проект не может закончиться раньше, чем начался."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_lines(self) -> list[str]:
        return [line.strip() for line in self.stages.splitlines() if line.strip()]


class InnovationStatusChange(models.Model):
    """One change of a project's status: from, to, when, why (the status history)."""

    project = models.ForeignKey(
        InnovationProject, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("проект")
    )
    from_status = models.CharField(_("из статуса"), max_length=16, choices=InnovationStatus.choices, blank=True)
    to_status = models.CharField(_("в статус"), max_length=16, choices=InnovationStatus.choices)
    changed_at = models.DateTimeField(_("когда"), auto_now_add=True)
    reason = models.TextField(_("основание"), blank=True)

    class Meta:
        verbose_name = _("смена статуса проекта")
        verbose_name_plural = _("история статусов проекта")
        ordering = ["project", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.to_status}"


class InnovationReport(models.Model):
    """The yearly report of a project."""

    project = models.ForeignKey(
        InnovationProject, on_delete=models.CASCADE, related_name="reports", verbose_name=_("проект")
    )
    academic_year = AcademicYearField(_("учебный год"))
    text = models.TextField(_("итоги года"))

    class Meta:
        verbose_name = _("отчёт проекта за год")
        verbose_name_plural = _("отчёты проектов")
        ordering = ["project", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "academic_year"],
                name="innovation_report_one_per_year",
                violation_error_message=_("Отчёт проекта за этот год уже есть."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}, {AcademicYear(self.academic_year).label}"


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.innovation.pages import InnovationPage  # noqa: E402, F401
