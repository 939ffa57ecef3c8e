"""Network partners of the service (001 §1.1, §3.1; 004 §3.3.3, §4.3): organisations of education,
culture and sport, universities, the institute, NGOs — with their agreements (dates, subject, the
signed scan), the events held together and the joint projects. A partner's page lists what was
done together (``tenants.partners.selectors.partner_joint_work``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    EDUCATION = "education", _("Образовательная организация")
    CULTURE = "culture", _("Организация культуры")
    SPORT = "sport", _("Организация спорта")
    UNIVERSITY = "university", _("Вуз")
    INSTITUTE = "institute", _("Институт развития образования")
    NGO = "ngo", _("Некоммерческая организация")
    OTHER = "other", _("Другая организация")


class Partner(models.Model):
    """An organisation the service works with in a network."""

    name = models.CharField(_("наименование"), max_length=500)
    kind = models.CharField(_("вид"), max_length=16, choices=PartnerKind.choices)
    website = models.URLField(_("сайт"), blank=True)
    contacts = models.TextField(_("контакты"), blank=True, help_text=_("Адрес, телефон, e-mail организации."))
    description = models.TextField(_("о сотрудничестве"), blank=True)
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="partners", verbose_name=_("совместные мероприятия")
    )
    is_public = models.BooleanField(
        _("на сайте"), default=True, help_text=_("Партнёр и совместная работа видны на странице партнёров сайта.")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("партнёр")
        verbose_name_plural = _("партнёры")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="partner_name_unique", violation_error_message=_("Такой партнёр уже есть.")
            )
        ]

    def __str__(self) -> str:
        return self.name


def agreement_scan_upload_to(instance: PartnerAgreement, filename: str) -> str:
    # Under MEDIA_ROOT/<schema>/, a folder /media/ never serves; the suffix is the content's format.
    suffix = f".{instance.scan_format}" if instance.scan_format else PurePosixPath(filename).suffix.lower()[:8]
    return f"partners/{uuid.uuid4().hex}{suffix}"


class PartnerAgreement(models.Model):
    """An agreement with a partner: number, dates, subject and the signed scan (PDF)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("партнёр"))
    number = models.CharField(_("номер"), max_length=64, blank=True)
    concluded_on = models.DateField(_("дата заключения"))
    valid_until = models.DateField(_("действует до"), null=True, blank=True, help_text=_("Пусто — бессрочно."))
    subject = models.TextField(_("предмет соглашения"))
    scan = models.FileField(_("скан подписанного соглашения"), upload_to=agreement_scan_upload_to, blank=True)
    scan_format = models.CharField(max_length=8, blank=True, editable=False)

    class Meta:
        verbose_name = _("соглашение с партнёром")
        verbose_name_plural = _("соглашения с партнёрами")
        ordering = ["partner", "-concluded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("concluded_on")),
                name="partner_agreement_period_order",
                violation_error_message=_("Соглашение не может закончиться раньше, чем заключено."),
            )
        ]

    def __str__(self) -> str:
        number = f" № {self.number}" if self.number else ""
        return f"{self.partner}: соглашение{number} от {self.concluded_on:%d.%m.%Y}"

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return self.concluded_on <= today and (self.valid_until is None or today <= self.valid_until)


class JointProject(models.Model):
    """A project done with one or more partners: term, goals, result."""

    title = models.CharField(_("название"), max_length=500)
    partners = models.ManyToManyField(Partner, related_name="projects", verbose_name=_("партнёры"))
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    goals = models.TextField(_("цели"), blank=True)
    result = models.TextField(_("результат"), blank=True)
    is_public = models.BooleanField(_("на сайте"), default=True)

    class Meta:
        verbose_name = _("совместный проект")
        verbose_name_plural = _("совместные проекты")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="joint_project_period_order",
                violation_error_message=_("Проект не может закончиться раньше, чем начался."),
            )
        ]

    def __str__(self) -> str:
        return self.title


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.partners.pages import PartnersPage  # noqa: E402, F401
