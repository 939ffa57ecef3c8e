"""Educational organisations of the municipality and the site statuses they hold."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from tenants.organisations.inn import validate_inn


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("Общеобразовательная организация")
    KINDERGARTEN = "kindergarten", _("Дошкольная образовательная организация")
    ADDITIONAL = "additional", _("Организация дополнительного образования")
    OTHER = "other", _("Другая организация")


# models.Model: modelcluster has no type hints. The ignore: django-stubs loses the reverse
# relation from practices in the import cycle the apps now form; the ORM resolves it fine.
class Organisation(ClusterableModel, models.Model):  # type: ignore[django-manager-missing]
    """An educational organisation where the municipality's teachers work (002 table 1).

    Clusterable so that its site statuses are edited on its own form in the admin.
    """

    kind = models.CharField(_("тип"), max_length=20, choices=OrganisationKind.choices)
    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    inn = models.CharField(
        _("ИНН"),
        max_length=10,
        unique=True,
        validators=[validate_inn],
        error_messages={"unique": _("Организация с таким ИНН уже есть в реестре.")},
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    head_name = models.CharField(_("руководитель"), max_length=255, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("образовательная организация")
        verbose_name_plural = _("образовательные организации")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def current_site_statuses(self, on: datetime.date | None = None) -> list[OrganisationSiteStatus]:
        """Statuses in force on ``on`` (today); uses prefetched ``site_statuses`` when there are any."""
        return [status for status in self.site_statuses.all() if status.is_current(on)]


class SiteKind(models.TextChoices):
    """Statuses that make an organisation a site for events and internships (004 §2.1.11, 002 §3.3)."""

    BASE = "base", _("Базовая площадка")
    INTERNSHIP = "internship", _("Стажировочная площадка")
    INNOVATION = "innovation", _("Инновационная площадка")
    SUPPORT = "support", _("Опорная площадка")


class OrganisationSiteStatus(models.Model):
    """A site status held for a period, given by an order."""

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="site_statuses", verbose_name=_("организация")
    )
    kind = models.CharField(_("статус"), max_length=20, choices=SiteKind.choices)
    topic = models.CharField(_("тема / направление"), max_length=500, blank=True)
    valid_from = models.DateField(_("действует с"))
    valid_to = models.DateField(_("действует по"), null=True, blank=True)
    order_number = models.CharField(_("номер приказа"), max_length=50)
    order_date = models.DateField(_("дата приказа"))

    class Meta:
        verbose_name = _("статус площадки")
        verbose_name_plural = _("статусы площадок")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Дата окончания раньше даты начала.")})

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class CoordinatorPosition(models.TextChoices):
    """Who keeps a school's methodological service (004 §3.2; 002 table 1)."""

    DEPUTY_HEAD = "deputy_head", _("Заместитель руководителя по учебно-воспитательной работе")
    METHODOLOGIST = "methodologist", _("Методист образовательной организации")


class SchoolCoordinator(models.Model):
    """A platform account that coordinates one organisation's methodological service (issue 15 §1).

    Holding a row here is what the role «Координатор методической службы школы» means in this
    municipality: the role is granted and revoked with the row
    (``tenants.organisations.services.school_coordinator_appoint`` / ``_remove``). One
    organisation per person; an organisation may have two (a deputy head and a methodologist).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coordinators", verbose_name=_("организация")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("пользователь")
    )
    position = models.CharField(
        _("должность"), max_length=20, choices=CoordinatorPosition.choices, default=CoordinatorPosition.DEPUTY_HEAD
    )
    created_at = models.DateTimeField(_("назначен"), auto_now_add=True)

    class Meta:
        verbose_name = _("координатор методической службы школы")
        verbose_name_plural = _("координаторы методических служб школ")
        ordering = ["organisation__short_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                name="organisations_coordinator_one_organisation",
                violation_error_message=_("Этот человек уже координирует методическую службу другой организации."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation}"
