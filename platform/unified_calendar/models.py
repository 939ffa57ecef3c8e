"""The unified calendar of significant educational events of the regional system (public schema).

004 §3.3.2 gives the regional institute (ЛОИРО) the unified calendar of significant events of
the regional system of scientific-methodological support; 004 §4.6 asks every municipal service
to know it and plan its work by it. Institute staff publish :class:`RegionalEvent` rows; a
municipality may propose one of its own events (:class:`RegionalEventProposal`), which the
institute accepts — the event then appears in the calendar with the municipality named — or
declines with a comment.

Writes go through ``unified_calendar.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
from tenants.event_vocabulary import EventAudience, EventKind


class RegionalEvent(models.Model):
    """A significant event of the region in the unified calendar (004 §3.3.2)."""

    title = models.CharField(_("название"), max_length=500)
    kind = models.CharField(_("форма"), max_length=30, choices=EventKind.choices)
    audience = models.CharField(_("для кого"), max_length=30, choices=EventAudience.choices, default=EventAudience.ALL)
    starts_on = models.DateField(_("дата начала"))
    ends_on = models.DateField(_("дата окончания"))
    organiser = models.CharField(_("организатор"), max_length=500)
    url = models.URLField(_("ссылка"), max_length=1000, blank=True)
    description = models.TextField(_("описание"), blank=True)
    competence_areas = ArrayField(
        models.CharField(max_length=64, choices=DEFAULT_COMPETENCE_AREAS),
        verbose_name=_("области профессиональных компетенций"),
        default=list,
        blank=True,
    )
    # Set when the event came from a municipality's accepted proposal.
    source_municipality = models.ForeignKey(
        "municipalities.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regional_events",
        verbose_name=_("предложено муниципалитетом"),
    )
    source_event_id = models.BigIntegerField(null=True, blank=True, editable=False)
    is_withdrawn = models.BooleanField(_("снято с календаря"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("значимое событие региона")
        verbose_name_plural = _("единый календарь значимых событий")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="regional_event_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="regional_event_ends_after_start",
                violation_error_message=_("Дата окончания не может быть раньше даты начала."),
            ),
            models.UniqueConstraint(
                fields=["source_municipality", "source_event_id"],
                condition=Q(source_event_id__isnull=False),
                name="regional_event_one_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("На рассмотрении")
    ACCEPTED = "accepted", _("Принято в календарь")
    DECLINED = "declined", _("Отклонено")


class RegionalEventProposal(models.Model):
    """A municipality's event proposed as regionally significant, and the institute's decision."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="regional_event_proposals",
        verbose_name=_("муниципалитет"),
    )
    event_id = models.BigIntegerField(_("мероприятие муниципалитета"))
    title = models.CharField(_("название"), max_length=500)
    kind = models.CharField(_("форма"), max_length=30, choices=EventKind.choices)
    audience = models.CharField(_("для кого"), max_length=30, choices=EventAudience.choices)
    starts_on = models.DateField(_("дата начала"))
    ends_on = models.DateField(_("дата окончания"))
    organiser = models.CharField(_("организатор"), max_length=500)
    url = models.URLField(_("страница мероприятия"), max_length=1000, blank=True)
    description = models.TextField(_("описание"), blank=True)
    competence_areas = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    note = models.TextField(_("обоснование значимости"), blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    comment = models.TextField(_("комментарий ЛОИРО"), blank=True)
    regional_event = models.ForeignKey(
        RegionalEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("предложено"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)

    class Meta:
        verbose_name = _("предложение в единый календарь")
        verbose_name_plural = _("предложения в единый календарь")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "event_id"],
                condition=Q(status="pending"),
                name="proposal_one_pending_per_event",
                violation_error_message=_("Это мероприятие уже предложено и ждёт решения."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
