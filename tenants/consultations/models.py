"""Consultations of the municipal methodological service (000 §2.3.4, 003 §4.4).

A teacher, the head of an association or a parent asks a question on the public site or in
their account; the request goes to the methodologist responsible for its direction (001 §3.7:
each methodologist has areas; without one, the head of the service), who answers it; the answer
is e-mailed to the requester. Status changes only through ``tenants.consultations.services``.

The answer is due in :data:`ANSWER_WORKING_DAYS` working days of the Russian production calendar
(``tenants.working_days``: weekends, holidays and the Government's transfers) from the day the
request came in, unless ``settings.CONSULTATION_ANSWER_WORKING_DAYS`` says otherwise. The
regulations set no term; ten working days is the service's own norm, well inside the thirty days
59-ФЗ allows for citizens' appeals.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.people.models import Methodologist, ResponsibilityArea
from tenants.working_days import working_days_after

ANSWER_WORKING_DAYS = 10


def answer_working_days() -> int:
    return int(getattr(settings, "CONSULTATION_ANSWER_WORKING_DAYS", ANSWER_WORKING_DAYS))


class RequesterKind(models.TextChoices):
    """Who asks (000 §2.3.4: teachers, heads of associations; 003 §4.4: parents too)."""

    TEACHER = "teacher", _("Педагог")
    ASSOCIATION_HEAD = "association_head", _("Руководитель методического объединения")
    PARENT = "parent", _("Родитель (законный представитель)")


class ConsultationStatus(models.TextChoices):
    NEW = "new", _("Новая")
    ASSIGNED = "assigned", _("Назначена методисту")
    ANSWERED = "answered", _("Дан ответ")
    CLOSED = "closed", _("Закрыта")


OPEN_STATUSES = (ConsultationStatus.NEW, ConsultationStatus.ASSIGNED)

# Where a request may go from each status; reassigning keeps «назначена».
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ConsultationStatus.NEW: (ConsultationStatus.ASSIGNED, ConsultationStatus.CLOSED),
    ConsultationStatus.ASSIGNED: (ConsultationStatus.ASSIGNED, ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED),
    ConsultationStatus.ANSWERED: (ConsultationStatus.CLOSED,),
    ConsultationStatus.CLOSED: (),
}


DUE_SOON_WORKING_DAYS = 3


def due_soon_q(today: datetime.date | None = None) -> Q:
    """Requests still waiting whose due day is today or within the next three working days."""
    today = today or timezone.localdate()
    return Q(status__in=OPEN_STATUSES, due_on__gte=today, due_on__lte=working_days_after(today, DUE_SOON_WORKING_DAYS))


def overdue_q(today: datetime.date | None = None) -> Q:
    """Requests still waiting for an answer after their due day."""
    today = today or timezone.localdate()
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


class Consultation(models.Model):
    """One request for a consultation and its answer (000 §2.3.4, 003 §4.4)."""

    topic = models.CharField(_("тема"), max_length=300)
    question = models.TextField(_("вопрос"), max_length=5000)
    requester_kind = models.CharField(_("кто обращается"), max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(_("имя"), max_length=300)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    area = models.ForeignKey(
        ResponsibilityArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("направление"),
    )
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("учётная запись"),
        help_text=_("Если вопрос задан из личного кабинета."),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.NEW
    )
    assignee = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("методист"),
    )
    submitted_at = models.DateTimeField(_("поступила"), default=timezone.now)
    due_on = models.DateField(_("ответить до"))
    assigned_at = models.DateTimeField(_("назначена"), null=True, blank=True)
    answer = models.TextField(_("ответ"), blank=True)
    answered_at = models.DateTimeField(_("дан ответ"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("кто ответил"),
    )
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    close_comment = models.TextField(_("комментарий при закрытии"), blank=True)

    class Meta:
        verbose_name = _("консультация")
        verbose_name_plural = _("консультации")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="consultation_status_due"),
            models.Index(fields=["assignee", "status"], name="consultation_assignee"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ConsultationStatus.ANSWERED) | ~Q(answer=""),
                name="consultation_answered_has_answer",
                violation_error_message=_("У консультации со статусом «Дан ответ» должен быть текст ответа."),
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.pk}: {self.topic}"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return STATUS_TRANSITIONS[self.status]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still unanswered after the due day (the day itself is in time)."""
        today = today or timezone.localdate()
        return self.status in OPEN_STATUSES and self.due_on < today

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on


# Page types of the public site live in their own module; importing it here registers them.
from tenants.consultations.pages import ConsultationRequestPage  # noqa: E402, F401
