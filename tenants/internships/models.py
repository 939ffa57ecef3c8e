"""Internship sites and horizontal learning (004 §2.1.11, §3.2, §3.3.2–3.3.3).

An **internship site** (стажировочная площадка) is an organisation holding the «стажировочная
площадка» status by an order (``organisations.OrganisationSiteStatus``): the status stays the legal
fact — its term and order say whether the site is in force — and the site's card adds what the
register needs: a description, contacts, whether it is on the public site, and its **programmes**
(topics, hours, audience, places). An **internship** is one run of a programme with dates and a
capacity; teachers are enrolled by a methodologist (one by one or as a school's team) or apply
from their cabinet; attendance is marked, and finishing the internship gives each enrolment its
outcome — each completed one becomes the teacher's PD record (``development.CourseRecord``), once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.development.models import CourseRecord
from tenants.organisations.models import Organisation, OrganisationSiteStatus, SiteKind
from tenants.people.models import Teacher


class InternshipSite(models.Model):
    """The card of an internship site: its status (order, term, topic) and what it offers."""

    site_status = models.OneToOneField(
        OrganisationSiteStatus,
        null=True,
        on_delete=models.SET_NULL,
        related_name="internship_site",
        limit_choices_to={"kind": SiteKind.INTERNSHIP},
        verbose_name=_("статус стажировочной площадки"),
        help_text=_("Статус с приказом присваивается в карточке организации."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="internship_sites", verbose_name=_("организация"),
        editable=False,
    )  # fmt: skip
    description = models.TextField(_("описание площадки"), blank=True)
    contacts = models.CharField(_("контакты для записи"), max_length=500, blank=True)
    is_public = models.BooleanField(_("на сайте и в банке региона"), default=True)

    class Meta:
        verbose_name = _("стажировочная площадка")
        verbose_name_plural = _("стажировочные площадки")
        ordering = ["organisation__short_name", "pk"]

    def __str__(self) -> str:
        return str(self.organisation)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The organisation is the status's; it stays when a status is removed, for the history.
        if self.site_status is not None:
            self.organisation = self.site_status.organisation
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.site_status is not None and self.site_status.kind != SiteKind.INTERNSHIP:
            raise ValidationError({"site_status": _("Это не статус стажировочной площадки.")})

    @property
    def topic(self) -> str:
        return self.site_status.topic if self.site_status else ""

    def in_force(self, on: datetime.date | None = None) -> bool:
        return self.site_status is not None and self.site_status.is_current(on)


class InternshipAudience(models.TextChoices):
    TEACHERS = "teachers", _("Педагоги")
    MANAGERS = "managers", _("Управленческие команды")
    SCHOOL_TEAMS = "school_teams", _("Педагогические коллективы (команды ОО)")


class InternshipProgramme(models.Model):
    """A programme the site runs: topics, hours, for whom, places in one cohort."""

    site = models.ForeignKey(
        InternshipSite, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("площадка")
    )
    title = models.CharField(_("программа стажировки"), max_length=500)
    topics = models.TextField(_("темы"), blank=True, help_text=_("По одной в строке."))
    hours = models.PositiveSmallIntegerField(
        _("объём, часов"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    audience = models.CharField(
        _("для кого"), max_length=20, choices=InternshipAudience.choices, default=InternshipAudience.TEACHERS
    )
    capacity = models.PositiveSmallIntegerField(_("мест в группе"), validators=[MinValueValidator(1)])
    description = models.TextField(_("содержание"), blank=True)

    class Meta:
        verbose_name = _("программа стажировки")
        verbose_name_plural = _("программы стажировок")
        ordering = ["site", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.site})"

    @property
    def topic_lines(self) -> list[str]:
        return [line.strip() for line in self.topics.splitlines() if line.strip()]


class Internship(models.Model):
    """One run of a programme (a cohort) with its dates and places."""

    programme = models.ForeignKey(
        InternshipProgramme, on_delete=models.PROTECT, related_name="internships", verbose_name=_("программа")
    )
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    capacity = models.PositiveSmallIntegerField(_("мест"), validators=[MinValueValidator(1)])
    applications_open = models.BooleanField(
        _("приём заявок педагогов"), default=True, help_text=_("Педагоги подают заявки из личного кабинета.")
    )
    with_institute = models.BooleanField(_("совместно с ЛОИРО"), default=False)
    regional_proposal_id = models.BigIntegerField(_("предложение ЛОИРО"), null=True, blank=True, editable=False)
    finished_on = models.DateField(_("итоги подведены"), null=True, blank=True, editable=False)
    cancelled = models.BooleanField(_("отменена"), default=False)

    class Meta:
        verbose_name = _("стажировка")
        verbose_name_plural = _("стажировки")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="internship_period_order",
                violation_error_message=_("Стажировка не может закончиться раньше, чем начнётся."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title}, {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def is_finished(self) -> bool:
        return self.finished_on is not None

    def accepts_applications(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.applications_open and not self.cancelled and not self.is_finished and today < self.starts_on


class EnrolmentStatus(models.TextChoices):
    APPLIED = "applied", _("Заявка подана")
    ENROLLED = "enrolled", _("Зачислен")
    DECLINED = "declined", _("Заявка отклонена")
    WITHDRAWN = "withdrawn", _("Отозвана")


class EnrolmentOutcome(models.TextChoices):
    COMPLETED = "completed", _("Стажировка пройдена")
    NOT_COMPLETED = "not_completed", _("Не пройдена")


# Statuses that take a place in the cohort.
PLACE_TAKING = (EnrolmentStatus.ENROLLED,)


class Enrolment(models.Model):
    """A teacher in an internship's cohort (alone or in their school's team), attendance and outcome."""

    internship = models.ForeignKey(
        Internship, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("стажировка")
    )
    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="internship_enrolments", verbose_name=_("педагог")
    )
    team = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("в составе команды"),
    )  # fmt: skip
    status = models.CharField(_("статус"), max_length=16, choices=EnrolmentStatus.choices)
    applied_by_teacher = models.BooleanField(_("по заявке педагога"), default=False)
    answer = models.CharField(_("ответ на заявку"), max_length=500, blank=True)
    attended = models.BooleanField(_("присутствовал"), null=True)
    outcome = models.CharField(_("итог"), max_length=16, choices=EnrolmentOutcome.choices, blank=True)
    course_record = models.OneToOneField(
        CourseRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="internship_enrolment",
        verbose_name=_("запись о повышении квалификации"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("участник стажировки")
        verbose_name_plural = _("участники стажировок")
        ordering = ["internship", "teacher__last_name", "teacher__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "teacher"],
                name="enrolment_one_per_teacher",
                violation_error_message=_("Педагог уже есть в этой стажировке."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.internship}"


# The public page type lives in its own module; imported here so Django sees the model.
from tenants.internships.pages import InternshipSitesPage  # noqa: E402, F401
