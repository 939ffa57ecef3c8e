"""Organising professional development (000 §2.2, §2.3.3; 003 §4.3; 004 §3.3.2).

The service keeps the offered courses (``development.CourseOffer``: the institute's, ЛОИРО, and
other providers') and publishes them on its site; a teacher applies from their account
(:class:`CourseApplication`), the coordinator of the teacher's organisation confirms or declines
with a reason, and the methodologist makes the list for the provider within the offer's quota —
the order and who is in are theirs. When the course has ended, every listed teacher gets their
course record (``development.CourseRecord``), once.

Personal data: applications name teachers; the role permissions give the region's observers
nothing in this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ждёт подтверждения организации")
    CONFIRMED = "confirmed", _("Подтверждена организацией")
    DECLINED = "declined", _("Отклонена организацией")
    LISTED = "listed", _("В списке на обучение")
    WITHDRAWN = "withdrawn", _("Отозвана педагогом")
    COMPLETED = "completed", _("Обучение пройдено")


# An application that still holds the teacher's place on the offer (one per teacher and offer).
ACTIVE_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.LISTED,
    ApplicationStatus.COMPLETED,
)


class CourseApplication(models.Model):
    """A teacher's application to an offered course, and its place on the quota list."""

    offer = models.ForeignKey(
        "development.CourseOffer",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("курс"),
    )
    teacher = models.ForeignKey(
        "people.Teacher", on_delete=models.CASCADE, related_name="course_applications", verbose_name=_("педагог")
    )
    status = models.CharField(
        _("статус"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    comment = models.TextField(_("комментарий педагога"), blank=True)
    submitted_at = models.DateTimeField(_("подана"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решение организации"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    decline_reason = models.TextField(_("причина отказа"), blank=True)
    list_position = models.PositiveSmallIntegerField(_("место в списке"), null=True, blank=True)
    listed_at = models.DateTimeField(_("включена в список"), null=True, blank=True)
    course_record = models.OneToOneField(
        "development.CourseRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_application",
        verbose_name=_("запись о курсовой подготовке"),
    )

    class Meta:
        verbose_name = _("заявка на курсы")
        verbose_name_plural = _("заявки на курсы")
        ordering = ["offer", "list_position", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "teacher"],
                condition=~Q(status="withdrawn"),
                name="course_application_once",
                violation_error_message=_("Заявка этого педагога на этот курс уже подана."),
            ),
            models.CheckConstraint(
                condition=Q(list_position__isnull=True) | Q(status__in=["listed", "completed"]),
                name="course_application_listed_has_position",
            ),
        ]
        indexes = [models.Index(fields=["status", "offer"], name="course_application_status")]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.offer.programme}"


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.courses.pages import CourseOffersPage  # noqa: E402, F401
