"""Methodological events of the municipality, with registration, attendance and contests (own schema).

000 §2.3.3 and 002 §3.3 ask the service to organise seminars, conferences, round tables,
master classes, contests and olympiads; 004 §4.6 to plan them with regard to the unified
regional calendar. An :class:`Event` is stored with UTC times (shown in Europe/Moscow), a place
and/or an online link, an audience, an organiser and a capacity. People register
(:class:`Registration`): signed-in teachers in one click, guests by name, organisation and
e-mail confirmed by a link. Seats are given under a row lock on the event; when a seat frees,
the first on the waiting list moves up. Contests and olympiads also keep stages and
participants with results (:class:`ContestStage`, :class:`ContestParticipant`).

Writes go through ``tenants.events.services`` only.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from tenants.bodies.models import Body
from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
from tenants.event_vocabulary import CONTEST_KINDS, EventAudience, EventKind
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist

# Codes the attendance code is made of: no 0/O, 1/I/L to be read aloud and typed on a phone.
ATTENDANCE_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ATTENDANCE_CODE_LENGTH = 6


def attendance_code_new() -> str:
    return "".join(secrets.choice(ATTENDANCE_CODE_ALPHABET) for _ in range(ATTENDANCE_CODE_LENGTH))


def secret_token_new() -> str:
    return secrets.token_urlsafe(32)


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Запланировано")
    HELD = "held", _("Проведено")
    CANCELLED = "cancelled", _("Отменено")


# The growth app's route steps point at events; the plugin cannot resolve that reverse manager.
class Event(models.Model):  # type: ignore[django-manager-missing]
    """A methodological event of the service (000 §2.3.3, 002 §3.3)."""

    title = models.CharField(_("название"), max_length=500)
    kind = models.CharField(_("форма"), max_length=30, choices=EventKind.choices)
    description = RichTextField(
        _("описание"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
    )
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    hours = models.DecimalField(
        _("объём, часов"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Для сертификата участника; если не указан, считается по времени начала и окончания."),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("место проведения (организация, площадка)"),
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    online_url = models.URLField(_("ссылка на онлайн-трансляцию"), max_length=1000, blank=True)
    audience = models.CharField(_("для кого"), max_length=30, choices=EventAudience.choices, default=EventAudience.ALL)
    organiser_body = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("организатор (объединение, совет)"),
    )
    methodologist = models.ForeignKey(
        Methodologist,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("ответственный методист"),
    )
    capacity = models.PositiveIntegerField(
        _("число мест"), null=True, blank=True, help_text=_("Пусто — без ограничения.")
    )
    registration_opens_at = models.DateTimeField(_("регистрация открывается"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("регистрация закрывается"), null=True, blank=True, help_text=_("Пусто — до начала мероприятия.")
    )
    registration_enabled = models.BooleanField(_("регистрация участников"), default=True)
    is_public = models.BooleanField(
        _("на сайте"), default=True, help_text=_("Снимите, если мероприятие только для сотрудников службы.")
    )
    competence_areas = ArrayField(
        models.CharField(max_length=64, choices=DEFAULT_COMPETENCE_AREAS),
        verbose_name=_("области профессиональных компетенций"),
        default=list,
        blank=True,
    )
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("мероприятие годового плана"),
        help_text=_("Когда мероприятие будет отмечено проведённым, пункт плана отметится выполненным."),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED, editable=False
    )
    cancel_reason = models.TextField(_("причина отмены"), blank=True, editable=False)
    attendance_code = models.CharField(
        _("код отметки присутствия"), max_length=12, default=attendance_code_new, editable=False
    )
    results_published_at = models.DateTimeField(_("итоги опубликованы"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="event_starts_at"),
            models.Index(fields=["is_public", "starts_at"], name="event_public_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("Окончание не может быть раньше начала."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_contest(self) -> bool:
        return self.kind in CONTEST_KINDS

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == EventStatus.HELD

    @property
    def duration_hours(self) -> Decimal:
        if self.hours is not None:
            return self.hours
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return Decimal(round(seconds / 3600 * 2) / 2).quantize(Decimal("0.1"))

    @property
    def registration_closes(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at

    def registration_open_on(self, moment: datetime.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        if not self.registration_enabled or self.status != EventStatus.SCHEDULED:
            return False
        if self.registration_opens_at and moment < self.registration_opens_at:
            return False
        return moment < self.registration_closes

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors.setdefault("ends_at", []).append(str(_("Окончание не может быть раньше начала.")))
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors.setdefault("registration_closes_at", []).append(
                str(_("Регистрация должна закрываться позже, чем открывается."))
            )
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            errors.setdefault("registration_closes_at", []).append(
                str(_("Регистрация не может закрываться после окончания мероприятия."))
            )
        if not self.organisation_id and not self.address.strip() and not self.online_url:
            errors.setdefault("address", []).append(
                str(_("Укажите место проведения (организацию или адрес) или ссылку на онлайн-трансляцию."))
            )
        if self.capacity == 0:
            errors.setdefault("capacity", []).append(str(_("Число мест должно быть больше нуля или пустым.")))
        if errors:
            raise ValidationError(errors)


class RegistrationStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting", _("Ожидает подтверждения e-mail")
    CONFIRMED = "confirmed", _("Зарегистрирован")
    WAITLISTED = "waitlisted", _("В листе ожидания")
    CANCELLED = "cancelled", _("Отменена")


ACTIVE_REGISTRATION_STATUSES = (
    RegistrationStatus.AWAITING_CONFIRMATION,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)
# A guest's registration waits this long for the click on the e-mailed link, then lapses (a
# forged one never confirmed is purged by ``registrations_pending_purge``). It holds no seat.
PENDING_CONFIRMATION_TTL = datetime.timedelta(hours=48)


class Registration(models.Model):
    """One person's registration for an event: a seat, a place on the waiting list, or a guest's pending one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("учётная запись"),
    )
    full_name = models.CharField(_("ФИО"), max_length=300)
    organisation_name = models.CharField(_("организация"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("статус"), max_length=20, choices=RegistrationStatus.choices)
    # The secret in confirmation and cancellation links: whoever holds it may cancel.
    secret = models.CharField(max_length=64, default=secret_token_new, unique=True, editable=False)
    attended = models.BooleanField(_("присутствовал"), default=False)
    attended_at = models.DateTimeField(_("отмечен"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    created_at = models.DateTimeField(_("зарегистрирован"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("подтверждено"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("отменено"), null=True, blank=True)

    class Meta:
        verbose_name = _("регистрация на мероприятие")
        verbose_name_plural = _("регистрации на мероприятия")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message=_("С этим e-mail уже есть регистрация на мероприятие."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REGISTRATION_STATUSES

    def pending_expired(self, moment: datetime.datetime | None = None) -> bool:
        """A guest's registration never confirmed within ``PENDING_CONFIRMATION_TTL``."""
        return (
            self.status == RegistrationStatus.AWAITING_CONFIRMATION
            and self.created_at + PENDING_CONFIRMATION_TTL <= (moment or timezone.now())
        )


class CalendarFeedToken(models.Model):
    """The secret of a person's personal calendar feed in this municipality.

    Kept in the municipality's own schema: the same token means nothing on another
    municipality's host.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=secret_token_new)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ключ личного календаря")
        verbose_name_plural = _("ключи личных календарей")

    def __str__(self) -> str:
        return f"feed of user #{self.user_id}"


class ContestStage(models.Model):
    """A stage of a contest or olympiad: school, municipal, final (000 §2.3.3)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(_("этап"), max_length=300)
    starts_on = models.DateField(_("начало этапа"))
    ends_on = models.DateField(_("окончание этапа"))
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("этап конкурса")
        verbose_name_plural = _("этапы конкурса")
        ordering = ["order", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contest_stage_ends_after_start",
                violation_error_message=_("Этап не может закончиться раньше, чем начался."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ContestOutcome(models.TextChoices):
    WINNER = "winner", _("Победитель")
    PRIZE_WINNER = "prize_winner", _("Призёр")
    PARTICIPANT = "participant", _("Участник")


class ContestParticipant(models.Model):
    """A participant of a contest or olympiad with the stage reached and the result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contest_participants")
    full_name = models.CharField(_("участник"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contest_participants",
        verbose_name=_("организация"),
    )
    nomination = models.CharField(_("номинация, предмет"), max_length=300, blank=True)
    stage = models.ForeignKey(
        ContestStage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
        verbose_name=_("этап, до которого дошёл"),
    )
    score = models.DecimalField(_("баллы"), max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(
        _("результат"), max_length=20, choices=ContestOutcome.choices, default=ContestOutcome.PARTICIPANT
    )

    class Meta:
        verbose_name = _("участник конкурса")
        verbose_name_plural = _("участники конкурса")
        ordering = ["full_name", "pk"]  # by result: tenants.events.selectors.contest_results

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.stage_id and self.stage and self.stage.event_id != self.event_id:
            raise ValidationError({"stage": _("Этап другого конкурса.")})


# Page types of the public site live in their own module; importing it here registers them.
from tenants.events.pages import EventCalendarPage  # noqa: E402, F401
