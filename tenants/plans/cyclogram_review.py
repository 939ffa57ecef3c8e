"""The cyclogram's approval by the committee chair (001 §3.2), as a history of reviews.

The head submits the cyclogram as it stands; the chair approves it or returns it with a comment,
as for the plan. Each review keeps the duties it was about (a snapshot), so what was approved
stays on record and a later change of the duties shows as «изменена после утверждения».
Imported by ``tenants.plans.models`` so that Django finds the model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CyclogramStatus(models.TextChoices):
    NOT_SUBMITTED = "", _("не направлялась на утверждение")
    SUBMITTED = "submitted", _("направлена на утверждение")
    APPROVED = "approved", _("утверждена")
    RETURNED = "returned", _("возвращена на доработку")
    CHANGED = "changed", _("изменена после утверждения")


class CyclogramReview(models.Model):
    """One step of the cyclogram's approval: submitted, approved or returned."""

    status = models.CharField(_("статус"), max_length=20, choices=CyclogramStatus.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    duties = models.JSONField(_("пункты циклограммы"), default=list)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        app_label = "plans"
        verbose_name = _("шаг утверждения циклограммы")
        verbose_name_plural = _("утверждение циклограммы")
        ordering = ["-acted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["submitted", "approved", "returned"]), name="cyclogram_review_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.acted_at:%d.%m.%Y}"
