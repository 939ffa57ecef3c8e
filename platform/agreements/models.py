"""Tripartite agreements (трёхсторонние соглашения, 004 §4.4, §4.10.4; 000 §3.7).

An agreement binds a municipality's education authority (ОМСУ), the regional committee and the
institute (ЛОИРО). It lives in the public schema: the region reads all of them, each
municipality only its own (through scoped selectors). Signatures are rows of
:class:`AgreementSignature`, one per party, in any order; the agreement enters into force only
once all three are there.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.media_storage import schema_storage

# An agreement is "expiring" this many days before its term ends.
EXPIRING_DAYS = 60


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Проект")
    SENT = "sent", _("На подписании")
    IN_FORCE = "in_force", _("Действует")
    EXPIRING = "expiring", _("Истекает")
    EXPIRED = "expired", _("Истёк срок")
    TERMINATED = "terminated", _("Расторгнуто")
    RENEWED = "renewed", _("Заменено новым")


# Statuses under which the agreement is in force (expiring ones still are).
IN_FORCE_STATUSES = (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRING)
# Statuses an agreement never leaves.
FINAL_STATUSES = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED, AgreementStatus.RENEWED)


class Party(models.TextChoices):
    """The three parties of 004 §4.4."""

    MUNICIPALITY = "municipality", _("Орган местного самоуправления")
    COMMITTEE = "committee", _("Комитет общего и профессионального образования")
    INSTITUTE = "institute", _("ГАОУ ДПО «ЛОИРО»")


def region_file_storage() -> Storage:
    """The public schema's files (a folder or a bucket prefix), whichever schema is in use.

    The default storage follows the schema in use; a scan is read from municipality hosts too, so
    it is pinned to the ``public`` schema's. Files are served only by views that check who asks.
    """
    return schema_storage("public")


def agreement_scan_upload_to(instance: Agreement, filename: str) -> str:
    # The public schema's storage folder; the municipality is named in the path, the file name
    # is random (the uploaded one is not trusted) and the suffix is the format found in the content.
    return f"agreements/{instance.municipality.slug}/{uuid.uuid4().hex}.pdf"


class Agreement(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("муниципалитет"),
    )
    number = models.CharField(_("номер"), max_length=64)
    concluded_on = models.DateField(_("дата соглашения"))
    subject = models.TextField(_("предмет соглашения"))
    term_from = models.DateField(_("срок действия с"))
    term_to = models.DateField(_("срок действия по"))
    municipality_responsible = models.CharField(
        _("ответственный от ОМСУ"), max_length=255, help_text=_("ФИО и должность.")
    )
    committee_responsible = models.CharField(
        _("ответственный от комитета"), max_length=255, help_text=_("ФИО и должность.")
    )
    institute_responsible = models.CharField(
        _("ответственный от ЛОИРО"), max_length=255, help_text=_("ФИО и должность.")
    )
    obligations = models.TextField(_("обязательства сторон"))
    scan = models.FileField(
        _("скан подписанного соглашения (PDF)"),
        upload_to=agreement_scan_upload_to,
        storage=region_file_storage,
        blank=True,
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, db_index=True
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name=_("заменяет соглашение"),
    )
    termination_reason = models.TextField(_("основание расторжения"), blank=True)
    status_changed_at = models.DateTimeField(_("статус изменён"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("трёхстороннее соглашение")
        verbose_name_plural = _("трёхсторонние соглашения")
        ordering = ["municipality__name", "-concluded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="agreement_number_unique"),
            models.CheckConstraint(condition=models.Q(term_to__gte=models.F("term_from")), name="agreement_term"),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return _("Соглашение № %(number)s от %(date)s") % {
            "number": self.number,
            "date": self.concluded_on.strftime("%d.%m.%Y"),
        }

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE_STATUSES

    def expiring_from(self) -> datetime.date:
        return self.term_to - datetime.timedelta(days=EXPIRING_DAYS)


class AgreementSignature(models.Model):
    """One party's signature: who signed for it and when (004 §4.4)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("сторона"), max_length=20, choices=Party.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("подписал")
    )
    signed_by_name = models.CharField(_("подписал (ФИО)"), max_length=255)
    signed_at = models.DateTimeField(_("подписано"), auto_now_add=True)

    class Meta:
        verbose_name = _("подпись стороны")
        verbose_name_plural = _("подписи сторон")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="agreement_one_signature_per_party")]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signed_by_name}"
