"""The association leader's year under the methodologist's review (issue 15 §1; 003 §5.1, 002 table 2).

An association keeps its plan of work for the year and the year's analysis (``bodies.BodyYear``);
its leader submits each of the two, and the service's methodologist approves it or returns it with
a comment. :class:`BodyYearReview` holds where each part stands, :class:`BodyYearReviewStep` every
step taken (who, when, what, with which comment): the record the issue asks for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.bodies.models import BodyYear


class ReviewPart(models.TextChoices):
    PLAN = "plan", _("План работы на год")
    ANALYSIS = "analysis", _("Анализ работы за год")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("На утверждении у методиста")
    APPROVED = "approved", _("Утверждён")
    RETURNED = "returned", _("Возвращён на доработку")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Отправлен на утверждение")
    APPROVE = "approve", _("Утверждён")
    RETURN = "return", _("Возвращён на доработку")


# Where a part may go from where it is, and by whose hand.
LEADER_EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class BodyYearReview(models.Model):
    body_year = models.ForeignKey(
        BodyYear, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("учебный год объединения")
    )
    part = models.CharField(_("что"), max_length=20, choices=ReviewPart.choices)
    status = models.CharField(_("статус"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    comment = models.TextField(_("комментарий методиста"), blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("утверждение плана или анализа объединения")
        verbose_name_plural = _("утверждение планов и анализа объединений")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body_year", "part"], name="leadership_review_one_per_part"),
        ]

    def __str__(self) -> str:
        return f"{self.body_year}: {self.get_part_display()}"


class BodyYearReviewStep(models.Model):
    review = models.ForeignKey(BodyYearReview, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("действие"), max_length=20, choices=ReviewAction.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто")
    )
    at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("шаг утверждения")
        verbose_name_plural = _("шаги утверждения")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: {self.get_action_display()}"
