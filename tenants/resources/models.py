"""The municipality's банк педагогической информации (000 §2.3.2), in its own schema.

A material is a file or a link with a kind (normative, scientific-methodological,
methodological, new literature), subject, audience, tags, author and date. Staff see every
material; visitors of the public site only those marked public.

``search_vector`` holds the Russian full-text index of the title (weight A), the description
(B) and the text extracted from the uploaded file (C). It is written by the services in the
same transaction as the material (``tenants.resources.services``), never by a signal.
"""

from __future__ import annotations

import datetime
import posixpath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from tenants.people.models import Subject


class ResourceKind(models.TextChoices):
    """The kinds of material 000 §2.3.2 names for the bank."""

    NORMATIVE = "normative", _("Нормативно-правовые материалы")
    SCIENTIFIC = "scientific", _("Научно-методические материалы")
    METHODOLOGICAL = "methodological", _("Методические материалы")
    LITERATURE = "literature", _("Новинки литературы")


class Audience(models.TextChoices):
    ALL = "all", _("Все педагогические работники")
    TEACHERS = "teachers", _("Учителя-предметники")
    PRESCHOOL = "preschool", _("Педагоги дошкольного образования")
    YOUNG_TEACHERS = "young_teachers", _("Молодые педагоги")
    MANAGERS = "managers", _("Руководители и заместители руководителей")
    ASSOCIATION_LEADERS = "association_leaders", _("Руководители методических объединений")
    PARENTS = "parents", _("Родители")


DOCUMENT_KINDS = ("pdf", "docx", "odt")


def resource_upload_to(instance: Resource, filename: str) -> str:
    # The storage puts this under MEDIA_ROOT/<schema>/; /media/ never serves the folder.
    return posixpath.join("resources", f"{timezone.now():%Y/%m}", filename)


# The Django mypy plugin cannot see a manager on taggit's untyped through model (ResourceTag).
class Resource(models.Model):  # type: ignore[django-manager-missing]
    """A material of the bank of pedagogical information (000 §2.3.2)."""

    title = models.CharField(_("название"), max_length=500)
    kind = models.CharField(_("вид материала"), max_length=20, choices=ResourceKind.choices)
    description = models.TextField(_("описание"), blank=True)
    subject = models.ForeignKey(
        Subject,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name=_("предмет / категория"),
    )
    audience = models.CharField(_("для кого"), max_length=30, choices=Audience.choices, default=Audience.ALL)
    tags = TaggableManager(through="ResourceTag", blank=True, verbose_name=_("метки"), help_text="")
    file = models.FileField(
        _("файл"),
        upload_to=resource_upload_to,
        max_length=255,
        blank=True,
        help_text=_("PDF, DOCX или ODT до 20 МБ. Текст файла попадает в поиск."),
    )
    file_kind = models.CharField(_("формат файла"), max_length=10, blank=True, editable=False)
    link = models.URLField(
        _("ссылка"), max_length=1000, blank=True, help_text=_("Если материал размещён на другом сайте.")
    )
    author = models.CharField(_("автор / источник"), max_length=300, blank=True)
    published_on = models.DateField(_("дата"), default=datetime.date.today)
    is_public = models.BooleanField(
        _("показывать на сайте"), default=False, help_text=_("Доступен посетителям сайта, в том числе для скачивания.")
    )
    extracted_text = models.TextField(_("текст файла"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("добавил"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("материал банка")
        verbose_name_plural = _("материалы банка")
        ordering = ["-published_on", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_vector_gin"),
            models.Index(fields=["is_public", "-published_on"], name="resource_public_date"),
            models.Index(fields=["kind"], name="resource_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(link=""),
                name="resource_file_or_link",
                violation_error_message=_("Приложите файл или укажите ссылку на материал."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def file_name(self) -> str:
        return posixpath.basename(self.file.name) if self.file else ""


class ResourceTag(TaggedItemBase):
    # taggit is untyped, so the field's types are spelled out for the Django mypy plugin.
    content_object: models.ForeignKey[Resource, Resource] = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("метка материала")
        verbose_name_plural = _("метки материалов")


# Page types of the public site live in their own module; importing it here registers them.
from tenants.resources.pages import ResourceBankPage  # noqa: E402, F401
