"""The municipality's document register (реестр документов), kept in its own schema.

The nomenclature — the documents a service must hold (000 §3.7, 001 §3.6, 003 §5.1, 004 §4.10)
— is a checklist of :class:`DocumentKind` rows, seeded into the template schema by a data
migration and so into every municipality; a municipality adds its own kinds ("иные документы",
004 §4.10.5). Each kind holds :class:`DocumentVersion` rows (редакции), at most one in force.
Public versions in force are listed on the site by :class:`DocumentRegisterPage`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cms.base.pages import SitePageMixin
from tenants.academic_years import AcademicYear, AcademicYearField
from tenants.uploads import KIND_LABELS, MAX_DOCUMENT_SIZE

# Formats a register file may have, checked by content (tenants.uploads), and the size limit.
REGISTER_FILE_FORMATS = ("pdf", "docx", "odt")
REGISTER_MAX_FILE_SIZE = MAX_DOCUMENT_SIZE
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class Renewal(models.TextChoices):
    """How long a document stands: until replaced (regulations) or for one academic year."""

    STANDING = "standing", _("действует до замены")
    # A plan for the academic year: the current year's must be in force (000 §3.2, 004 §4.10.3).
    ANNUAL = "annual", _("на каждый учебный год")
    # A report on a finished academic year: the previous year's must be in force (000 §3.6, 001 §3.4).
    ANNUAL_REPORT = "annual_report", _("по итогам каждого учебного года")


class DocumentKind(models.Model):
    """An entry of the nomenclature: a document the service keeps (000 §3.7, 004 §4.10)."""

    # Set for kinds seeded from the regulations, empty for a municipality's own ones.
    code = models.SlugField(_("код"), max_length=64, unique=True, null=True, blank=True, editable=False)
    name = models.CharField(_("название"), max_length=255, unique=True)
    clause = models.CharField(
        _("основание"), max_length=500, blank=True, help_text=_("Пункт положения, которым предусмотрен документ.")
    )
    is_required = models.BooleanField(_("обязательный"), default=False)
    renewal = models.CharField(_("срок действия"), max_length=20, choices=Renewal.choices, default=Renewal.STANDING)
    order = models.PositiveIntegerField(_("порядок"), default=1000)

    class Meta:
        verbose_name = _("вид документа")
        verbose_name_plural = _("виды документов")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_annual(self) -> bool:
        return self.renewal != Renewal.STANDING

    @property
    def is_seeded(self) -> bool:
        return bool(self.code)

    def expected_year(self, today: AcademicYear) -> AcademicYear | None:
        """The earliest academic year whose version keeps this kind up to date, or None if any does."""
        if self.renewal == Renewal.ANNUAL:
            return today
        if self.renewal == Renewal.ANNUAL_REPORT:
            return today.previous()
        return None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("проект")
    IN_FORCE = "in_force", _("в силе")
    SUPERSEDED = "superseded", _("утратила силу")


def version_upload_to(instance: DocumentVersion, filename: str) -> str:
    # The storage puts it under MEDIA_ROOT/<schema>/; /media/ never serves this folder. The
    # suffix is the format found in the content, whatever the uploaded name said.
    suffix = f".{instance.file_format}" if instance.file_format else PurePosixPath(filename).suffix.lower()[:8]
    return f"registry/{uuid.uuid4().hex}{suffix}"


class DocumentVersionQuerySet(models.QuerySet["DocumentVersion"]):
    def in_force(self) -> DocumentVersionQuerySet:
        return self.filter(status=VersionStatus.IN_FORCE)

    def published(self) -> DocumentVersionQuerySet:
        """Versions anyone may download: marked public and approved (in force or superseded)."""
        return self.filter(is_public=True).exclude(status=VersionStatus.DRAFT)


class DocumentVersion(models.Model):
    """A version (редакция) of a document of the nomenclature, with its file and approval."""

    kind = models.ForeignKey(
        DocumentKind, on_delete=models.PROTECT, related_name="versions", verbose_name=_("вид документа")
    )
    title = models.CharField(
        _("название редакции"),
        max_length=255,
        blank=True,
        help_text=_("Если не указано, показывается название вида документа."),
    )
    file = models.FileField(_("файл"), upload_to=version_upload_to, max_length=255)
    file_format = models.CharField(_("формат файла"), max_length=8, editable=False)
    file_size = models.PositiveBigIntegerField(_("размер файла"), default=0, editable=False)
    status = models.CharField(
        _("статус"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    academic_year = AcademicYearField(_("учебный год"), null=True, blank=True)
    approved_on = models.DateField(_("дата утверждения"), null=True, blank=True)
    order_number = models.CharField(_("номер приказа"), max_length=64, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    is_public = models.BooleanField(
        _("публиковать на сайте"),
        default=False,
        help_text=_("Действующая редакция появится на странице документов сайта, скачать её сможет любой посетитель."),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = DocumentVersionQuerySet.as_manager()

    # The public page's download link, set when the page lists the version.
    public_url = ""

    class Meta:
        verbose_name = _("редакция документа")
        verbose_name_plural = _("редакции документов")
        ordering = ["kind__order", "kind__name", "-academic_year", "-approved_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(status="in_force"),
                name="registry_one_version_in_force_per_kind",
                violation_error_message=_("У этого вида документа уже есть редакция в силе."),
            )
        ]

    def __str__(self) -> str:
        label = self.title or (self.kind.name if self.kind_id else "")
        if self.academic_year:
            return f"{label} ({AcademicYear(self.academic_year).label})"
        return label

    @property
    def academic_year_label(self) -> str:
        return AcademicYear(self.academic_year).label if self.academic_year else ""

    @property
    def file_label(self) -> str:
        """``PDF, 120 КБ``: what a link to the file says about it."""
        return f"{KIND_LABELS.get(self.file_format, self.file_format.upper())}, {filesizeformat(self.file_size)}"

    @property
    def download_name(self) -> str:
        base = get_valid_filename(str(self).replace("/", "-"))[:120] or "document"
        return f"{base}.{self.file_format}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind_id and self.kind.is_annual and not self.academic_year:
            errors["academic_year"] = _("Этот документ составляется на учебный год: укажите учебный год.")
        if self.status != VersionStatus.DRAFT and not self.approved_on:
            errors["approved_on"] = _("Укажите дату утверждения: без неё редакция не может быть в силе.")
        if self.order_date and not self.order_number:
            errors["order_number"] = _("Укажите номер приказа.")
        if self.approved_on and self.order_date and self.order_date > self.approved_on:
            errors["order_date"] = _("Приказ не может быть издан позже даты утверждения.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        # One version in force per kind is kept by the service, which supersedes the previous
        # version in the same transaction; the database constraint is the backstop. Checked
        # here, it would refuse the very form that puts a new version in force.
        super().validate_constraints(exclude={*(exclude or ()), "kind"})


class DocumentRegisterPage(SitePageMixin, RoutablePageMixin, Page):  # type: ignore[misc]
    """The public list of the service's documents: public versions in force, by kind.

    Files of public versions (in force or superseded) are served from ``<page>/<id>/``, to
    anyone; other versions only from the admin, to the municipality's staff.
    """

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage", "cms_home.StandardPage"]
    subpage_types: list[str] = []
    template = "registry/document_register_page.html"

    class Meta:
        verbose_name = _("реестр документов")
        verbose_name_plural = _("страницы реестра документов")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from tenants.registry.selectors import public_documents_in_force

        context = super().get_context(request, *args, **kwargs)
        page_url = self.get_url(request) or ""
        documents = public_documents_in_force()
        for version in documents:
            version.public_url = page_url + self.reverse_subpage("document", args=(version.pk,))
        context["documents"] = documents
        return context

    @path("<int:version_id>/", name="document")
    def document(self, request: HttpRequest, version_id: int) -> HttpResponseBase:
        from django.http import Http404

        from tenants.registry.selectors import published_version_get
        from tenants.registry.views import version_file_response

        version = published_version_get(version_id=version_id)
        if version is None:
            raise Http404
        return version_file_response(version)
