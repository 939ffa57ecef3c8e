"""The municipality's bank of best practices (банк лучших практик), in its own schema.

000 §2.3.1 asks the service to find and spread the best teaching and management practices of
its organisations; 004 §3.3.2 to keep a data bank of advanced teaching experience. A practice
is proposed, considered by the expert council, then recommended for dissemination or
rejected with a comment (003 §3: the expert council). Only a recommended practice may be shown
on the public site. Status changes go through ``tenants.practices.services`` only: who and
when is kept on the practice, in its status history, in Wagtail's log and in the audit log.
"""

from __future__ import annotations

import datetime
import posixpath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from tenants.organisations.models import Organisation
from tenants.people.models import Teacher
from tenants.uploads import validate_document_upload

DOCUMENT_KINDS = ("pdf", "docx", "odt")
DECIDE_PERMISSION = "practices.decide_practice"


class PracticeLevel(models.TextChoices):
    SCHOOL = "school", _("Уровень образовательной организации")
    MUNICIPAL = "municipal", _("Муниципальный уровень")
    REGIONAL = "regional", _("Региональный уровень")


class PracticeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Предложена")
    REVIEWED = "reviewed", _("Рассмотрена экспертным советом")
    RECOMMENDED = "recommended", _("Рекомендована к распространению")
    REJECTED = "rejected", _("Отклонена")


# Where a practice may go from each status. A rejected practice may be proposed again once its
# authors have reworked it; a recommended one stays recommended.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PracticeStatus.PROPOSED: (PracticeStatus.REVIEWED, PracticeStatus.REJECTED),
    PracticeStatus.REVIEWED: (PracticeStatus.RECOMMENDED, PracticeStatus.REJECTED),
    PracticeStatus.RECOMMENDED: (),
    PracticeStatus.REJECTED: (PracticeStatus.PROPOSED,),
}


def practice_upload_to(instance: PracticeMaterial, filename: str) -> str:
    # The storage puts this under MEDIA_ROOT/<schema>/; /media/ never serves the folder.
    return posixpath.join("practices", f"{timezone.now():%Y/%m}", filename)


class Practice(ClusterableModel):
    """A best practice of the municipality's teachers (000 §2.3.1, 004 §3.3.2)."""

    # modelcluster is untyped, so the Django mypy plugin cannot tell this is a model: field
    # types are spelled out (stored value, value read), as for Wagtail pages.

    title: models.CharField[str, str] = models.CharField(_("название практики"), max_length=500)
    authors: models.ManyToManyField[Teacher, Any] = models.ManyToManyField(
        Teacher, related_name="practices", verbose_name=_("авторы")
    )
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices", verbose_name=_("организация")
    )
    level: models.CharField[str, str] = models.CharField(
        _("уровень"), max_length=20, choices=PracticeLevel.choices, default=PracticeLevel.SCHOOL
    )
    description: models.TextField[str, str] = models.TextField(_("описание"))
    status: models.CharField[str, str] = models.CharField(
        _("статус"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.PROPOSED, editable=False
    )
    status_comment: models.TextField[str, str] = models.TextField(
        _("комментарий к решению"), blank=True, editable=False
    )
    status_changed_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = models.DateTimeField(
        _("статус изменён"), null=True, blank=True, editable=False
    )
    status_changed_by: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("кто изменил статус"),
    )
    is_public: models.BooleanField[bool, bool] = models.BooleanField(
        _("показывать на сайте"),
        default=False,
        help_text=_("Только для практик, рекомендованных к распространению."),
    )
    created_by: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("добавил"),
    )
    created_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        _("создано"), auto_now_add=True
    )
    updated_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        _("изменено"), auto_now=True
    )

    class Meta:
        verbose_name = _("практика")
        verbose_name_plural = _("лучшие практики")
        ordering = ["-created_at", "-pk"]
        permissions = [("decide_practice", _("Может вносить решения экспертного совета о практиках"))]
        indexes = [models.Index(fields=["status", "is_public"], name="practice_status_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status=PracticeStatus.RECOMMENDED),
                name="practice_public_only_recommended",
                violation_error_message=_(
                    "Показывать на сайте можно только практику, рекомендованную к распространению."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return STATUS_TRANSITIONS[self.status]

    def clean(self) -> None:
        # The constraint says the same; forms leave out ``status`` (it is not editable), and
        # Django skips a constraint on a field a form leaves out, so the rule is also here.
        if self.is_public and self.status != PracticeStatus.RECOMMENDED:
            raise ValidationError(
                {"is_public": _("Показывать на сайте можно только практику, рекомендованную к распространению.")}
            )


class PracticeMaterial(Orderable):
    """A file or a link describing a practice: a lesson plan, a presentation, a video."""

    practice = ParentalKey(Practice, on_delete=models.CASCADE, related_name="materials")
    title: models.CharField[str, str] = models.CharField(_("название"), max_length=300)
    file = models.FileField(
        _("файл"), upload_to=practice_upload_to, max_length=255, blank=True, help_text=_("PDF, DOCX или ODT до 20 МБ.")
    )
    file_kind: models.CharField[str, str] = models.CharField(
        _("формат файла"), max_length=10, blank=True, editable=False
    )
    link: models.CharField[str, str] = models.URLField(_("ссылка"), max_length=1000, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("материал практики")
        verbose_name_plural = _("материалы практики")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""),
                name="practice_material_file_or_link",
                violation_error_message=_("Приложите файл или укажите ссылку."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.file.name) if self.file else ""

    def clean(self) -> None:
        # A new upload (the admin form, a service) is checked by its content; a stored file was.
        if self.file and not self.file._committed:
            try:
                self.file_kind = validate_document_upload(self.file, allowed=DOCUMENT_KINDS)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
        elif not self.file:
            self.file_kind = ""


class PracticeStatusChange(models.Model):
    """One decision on a practice: from which status to which, by whom, when, why."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("было"), max_length=20, choices=PracticeStatus.choices)
    to_status = models.CharField(_("стало"), max_length=20, choices=PracticeStatus.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("решение по практике")
        verbose_name_plural = _("решения по практикам")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_from_status_display()} → {self.get_to_status_display()}"


# Page types of the public site live in their own module; importing it here registers them.
from tenants.practices.pages import PracticeIndexPage  # noqa: E402, F401
