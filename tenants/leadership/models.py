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


# Effectiveness of associations and schools' methodological services (000 §2.3.1: the service
# analyses and evaluates how effective the ГМО and the schools' methodological services are) ------


class EffectivenessSubject(models.TextChoices):
    ASSOCIATION = "association", _("Методическое объединение")
    SCHOOL = "school", _("Методическая служба школы")


class Assessor(models.TextChoices):
    SELF = "self", _("Самооценка")
    METHODOLOGIST = "methodologist", _("Оценка методиста")


class EffectivenessCriterion(models.Model):
    """A criterion of the municipality's set, scored 0..``max_score`` (defaults seeded by migration
    from the seeds' duties: 002 tables 1–2, 003 §5.1, 004 §3.2; the service edits its own set)."""

    subject = models.CharField(_("что оценивается"), max_length=20, choices=EffectivenessSubject.choices)
    code = models.SlugField(_("код"), max_length=64)
    name = models.CharField(_("критерий"), max_length=300)
    source = models.CharField(_("основание"), max_length=100, blank=True)
    max_score = models.PositiveSmallIntegerField(_("наибольший балл"), default=2)
    position = models.PositiveSmallIntegerField(_("порядок"), default=100)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("критерий эффективности")
        verbose_name_plural = _("критерии эффективности")
        ordering = ["subject", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "code"], name="leadership_criterion_unique_code"),
            models.CheckConstraint(condition=models.Q(max_score__gte=1), name="leadership_criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class EffectivenessAssessment(models.Model):
    """One assessment of one association or one school's service for one academic year, by its
    leader/coordinator (self) or by the service's methodologist."""

    subject = models.CharField(_("что оценивается"), max_length=20, choices=EffectivenessSubject.choices)
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("объединение")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("организация"),
    )
    academic_year = models.PositiveSmallIntegerField(_("учебный год"))
    assessor = models.CharField(_("кто оценивает"), max_length=20, choices=Assessor.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("кто")
    )
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("оценка эффективности")
        verbose_name_plural = _("оценки эффективности")
        ordering = ["-academic_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject="association", body__isnull=False, organisation__isnull=True)
                    | models.Q(subject="school", body__isnull=True, organisation__isnull=False)
                ),
                name="leadership_assessment_subject_object",
            ),
            models.UniqueConstraint(
                fields=["body", "academic_year", "assessor"],
                condition=models.Q(body__isnull=False),
                name="leadership_assessment_one_per_body",
            ),
            models.UniqueConstraint(
                fields=["organisation", "academic_year", "assessor"],
                condition=models.Q(organisation__isnull=False),
                name="leadership_assessment_one_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body or self.organisation}: {self.get_assessor_display()}"


class EffectivenessMark(models.Model):
    assessment = models.ForeignKey(EffectivenessAssessment, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(EffectivenessCriterion, on_delete=models.PROTECT, related_name="marks")
    score = models.PositiveSmallIntegerField(_("балл"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="leadership_mark_one_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
