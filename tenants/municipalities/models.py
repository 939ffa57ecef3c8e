"""The municipality (one tenant, one schema) and its domains. Both live in the public schema."""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

# Names a municipality can never take: they are hosts or schemas the platform needs itself.
RESERVED_SLUGS = frozenset(
    {
        "www",
        "admin",
        "public",
        "api",
        "static",
        "media",
        "mail",
        "smtp",
        "region",
        "operator",
        "template",
        "spare",
        "test",
        "demo",
        "cms",
        "accounts",
        "account",
        "login",
        "auth",
        "information_schema",
        "localhost",
    }
)
SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")


def validate_municipality_slug(value: str) -> None:
    if not SLUG_RE.match(value) or "--" in value:
        raise ValidationError(
            _(
                "Код должен состоять из 3–40 строчных латинских букв, цифр и дефисов, "
                "начинаться с буквы и не заканчиваться дефисом."
            ),
            code="invalid_slug",
        )
    if value in RESERVED_SLUGS or value.startswith("pg") or value.startswith("spare"):
        raise ValidationError(
            _("Код «%(slug)s» зарезервирован платформой."), params={"slug": value}, code="reserved_slug"
        )


oktmo_validator = RegexValidator(r"^(\d{8}|\d{11})$", _("Код ОКТМО состоит из 8 или 11 цифр."))


def schema_name_for_slug(slug: str) -> str:
    return "m_" + slug.replace("-", "_")


class MunicipalityStatus(models.TextChoices):
    ACTIVE = "active", _("Действует")
    ARCHIVED = "archived", _("В архиве")


class Municipality(TenantMixin):
    """A municipal methodological service (004 §2.1.1) with its own schema and site."""

    # django-tenants is untyped, so the Django mypy plugin cannot tell this is a model: the field
    # types are spelled out (stored value, value read).
    name: models.CharField[str, str] = models.CharField(_("полное наименование"), max_length=255)
    short_name: models.CharField[str, str] = models.CharField(_("краткое наименование"), max_length=100)
    slug: models.CharField[str, str] = models.CharField(
        _("код"), max_length=40, unique=True, validators=[validate_municipality_slug]
    )
    oktmo: models.CharField[str, str] = models.CharField(
        _("ОКТМО"), max_length=11, blank=True, validators=[oktmo_validator]
    )
    contact_email: models.EmailField[str, str] = models.EmailField(_("контактный e-mail"))
    status: models.CharField[str, str] = models.CharField(
        _("статус"), max_length=16, choices=MunicipalityStatus.choices, default=MunicipalityStatus.ACTIVE
    )
    created_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(_("создано"), auto_now_add=True)
    archived_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("в архиве с"), null=True, blank=True
    )
    # Set by ``region_migrate`` when this schema's migrations failed: the site answers a
    # maintenance page (503) instead of erring on tables it lacks, until a later run succeeds.
    maintenance_since: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("на обслуживании с"), null=True, blank=True
    )
    maintenance_reason: models.TextField[str, str] = models.TextField(
        _("причина обслуживания"), blank=True, default="", db_default=""
    )

    # Provisioning creates the schema itself (from the template or the spare pool), in the same
    # transaction as this row; django-tenants must neither create nor drop schemas on its own.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("муниципальное образование")
        verbose_name_plural = _("муниципальные образования")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_region(self) -> bool:
        return False

    @property
    def is_archived(self) -> bool:
        return self.status == MunicipalityStatus.ARCHIVED

    @property
    def in_maintenance(self) -> bool:
        return self.maintenance_since is not None

    @property
    def default_hostname(self) -> str:
        return f"{self.slug}.{settings.REGION_DOMAIN}"


class Domain(DomainMixin):
    """A host a municipality answers on; the primary one is ``<slug>.<REGION_DOMAIN>``."""

    class Meta:
        verbose_name = _("домен")
        verbose_name_plural = _("домены")

    def __str__(self) -> str:
        return self.domain


class SpareSchema(models.Model):
    """A pre-cloned, unassigned copy of the template schema, taken by renaming it.

    ``template_signature`` names the template state it was cloned from; spares of an older
    template are dropped, never handed out.
    """

    schema_name = models.CharField(max_length=63, unique=True)
    template_signature = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.schema_name


class PendingTaskSend(models.Model):
    """A task the broker could not take when it was sent (Redis down), kept for beat to send.

    The write that asked for the task has committed; losing the task would lose its e-mail,
    report or purge. ``dispatch.pending_sends_flush`` (beat, every minute) sends these again, in
    their schema, and deletes each once the broker has it: a task may run twice (a flush that
    dies between the send and the delete), never zero times.
    """

    task_name = models.CharField(max_length=200)
    schema_name = models.CharField(max_length=63)
    kwargs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_name} in {self.schema_name}"
