"""Registrations for the municipality's events, attendance and the personal calendar feed.

Seats (000 §2.3.3: the service organises events and their participants): a seat is taken or
freed only under a row lock on the event (``SELECT … FOR UPDATE``), so two people taking the
last seat at once get one seat and one place on the waiting list; a freed seat goes to the
first person on the waiting list. Notices go by Celery tasks in this municipality's schema after
the commit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, User, signed_in_user
from audit.services import audit_record_municipal
from tenants.events import rollups, tasks
from tenants.events.models import (
    PENDING_CONFIRMATION_TTL,
    CalendarFeedToken,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from tenants.events.signals import participant_attended
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

_PENDING_HOURS = int(PENDING_CONFIRMATION_TTL.total_seconds() // 3600)

# Participants enter the attendance code from an hour before the start to the end of the day.
ATTENDANCE_CODE_EARLY = datetime.timedelta(hours=1)


def event_municipality_id() -> int:
    """The municipality whose events these are (the schema in use)."""
    municipality = current_municipality()
    if municipality is None:
        raise RuntimeError("Events live in a municipality's schema; the connection is on the region's.")
    return municipality.pk


def event_task_send(task: Any, **kwargs: Any) -> None:
    """Send an events task in this municipality's schema once the transaction commits."""
    task_send_on_commit(task, schema_name=schema_active(), municipality_id=event_municipality_id(), **kwargs)


# --- registration ---------------------------------------------------------------------------


def _registration_check_open(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено."), code="cancelled")
    if not event.registration_enabled or event.status != EventStatus.SCHEDULED:
        raise ValidationError(_("Регистрация на это мероприятие не ведётся."), code="closed")
    now = timezone.now()
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ValidationError(
            _("Регистрация откроется %(when)s.")
            % {"when": timezone.localtime(event.registration_opens_at).strftime("%d.%m.%Y %H:%M")},
            code="not_open_yet",
        )
    if now >= event.registration_closes:
        raise ValidationError(_("Регистрация закрыта."), code="closed")


def _seat_or_waitlist(event: Event) -> str:
    """Under the event's row lock: a seat if one is free, else the waiting list."""
    if event.capacity is None:
        return RegistrationStatus.CONFIRMED
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    return RegistrationStatus.CONFIRMED if taken < event.capacity else RegistrationStatus.WAITLISTED


def _event_locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _pending_release(*, event: Event, email: str, acting_user: ActingUser) -> None:
    """Remove a guest's unconfirmed registration with this e-mail (the event is locked).

    Anyone may type any address, so an unconfirmed row proves nothing and must never stand in
    the way of the address's owner: their own registration — signed in, as a guest again (a
    fresh link replaces the old one), or entered by an organiser — takes its place.
    """
    pending = Registration.objects.filter(
        event=event, email=email, status=RegistrationStatus.AWAITING_CONFIRMATION
    ).select_for_update()
    for registration in pending:
        audit_record_municipal(
            action="event_registration.replace_pending",
            acting_user=acting_user,
            target=f"registration#{registration.pk}: {event}",
            data={"event": event.pk},
        )
    pending.delete()


def _duplicate_check(*, event: Event, email: str) -> None:
    taken = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    if Registration.objects.filter(event=event, email=email, status__in=taken).exists():
        raise ValidationError({"email": _("С этим e-mail уже есть регистрация на мероприятие.")}, code="duplicate")


@transaction.atomic
def registration_create(
    *,
    event: Event,
    acting_user: ActingUser,
    full_name: str = "",
    organisation_name: str = "",
    email: str = "",
) -> Registration:
    """Register for an event.

    A signed-in person registers in one click with their account's name and e-mail, and gets a
    seat (or a place on the waiting list) at once. A guest gives name, organisation and e-mail
    and confirms by the link sent to that address within ``PENDING_CONFIRMATION_TTL``; the seat
    is given on confirmation. An unconfirmed guest row with the same e-mail is replaced, never
    an obstacle (``_pending_release``). The public form limits how often guests may ask
    (``tenants.events.forms``); the letter carries nothing they wrote.
    """
    locked = _event_locked(event)
    _registration_check_open(locked)
    user = signed_in_user(acting_user)
    if user is not None:
        full_name = full_name.strip() or user.get_full_name() or user.email
        email = user.email
    errors: dict[str, str] = {}
    full_name, organisation_name, email = full_name.strip(), organisation_name.strip(), email.strip().lower()
    if not full_name:
        errors["full_name"] = _("Укажите фамилию, имя и отчество.")
    if user is None and not organisation_name:
        errors["organisation_name"] = _("Укажите организацию, в которой вы работаете или учитесь.")
    if not email:
        errors["email"] = _("Укажите e-mail: на него придёт подтверждение.")
    if errors:
        raise ValidationError(errors)
    _duplicate_check(event=locked, email=email)
    _pending_release(event=locked, email=email, acting_user=acting_user)
    now = timezone.now()
    if user is not None:
        status = _seat_or_waitlist(locked)
        confirmed_at: datetime.datetime | None = now
    else:
        status, confirmed_at = RegistrationStatus.AWAITING_CONFIRMATION, None
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=locked,
                user=user,
                full_name=full_name,
                organisation_name=organisation_name,
                email=email,
                status=status,
                confirmed_at=confirmed_at,
            )
    except IntegrityError as error:
        raise ValidationError({"email": _("С этим e-mail уже есть регистрация на мероприятие.")}) from error
    audit_record_municipal(
        action="event_registration.create",
        acting_user=acting_user,
        target=f"registration#{registration.pk}: {locked}",
        data={"event": locked.pk, "status": status, "guest": user is None},
    )
    if user is None:
        event_task_send(tasks.registration_notice_send, registration_id=registration.pk, notice="confirm")
    else:
        event_task_send(tasks.registration_notice_send, registration_id=registration.pk, notice=status)
    return registration


@transaction.atomic
def registration_add_by_organiser(
    *, event: Event, acting_user: ActingUser, full_name: str, email: str, organisation_name: str = ""
) -> Registration:
    """An organiser enters a participant who signed up by phone or on a paper list.

    The registration window does not apply (it may be the day itself), the seats do: a full
    event puts the person on the waiting list. A participant of a coming event gets the usual
    e-mail with the cancellation link.
    """
    locked = _event_locked(event)
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено."), code="cancelled")
    full_name, email = full_name.strip(), email.strip().lower()
    errors = {}
    if not full_name:
        errors["full_name"] = _("Укажите фамилию, имя и отчество.")
    if not email:
        errors["email"] = _("Укажите e-mail участника.")
    if errors:
        raise ValidationError(errors)
    _duplicate_check(event=locked, email=email)
    _pending_release(event=locked, email=email, acting_user=acting_user)
    registration = Registration.objects.create(
        event=locked,
        full_name=full_name,
        organisation_name=organisation_name.strip(),
        email=email,
        status=_seat_or_waitlist(locked),
        confirmed_at=timezone.now(),
    )
    audit_record_municipal(
        action="event_registration.add",
        acting_user=acting_user,
        target=f"registration#{registration.pk}: {locked}",
        data={"event": locked.pk, "status": registration.status},
    )
    if locked.starts_at > timezone.now():
        event_task_send(tasks.registration_notice_send, registration_id=registration.pk, notice=registration.status)
    return registration


@transaction.atomic
def registration_confirm(*, secret: str) -> Registration:
    """A guest's confirmation by the e-mailed link: a seat if one is free, else the waiting list."""
    registration = Registration.objects.filter(secret=secret).first()
    if registration is None:
        raise ValidationError(_("Ссылка недействительна."), code="invalid")
    locked_event = _event_locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.AWAITING_CONFIRMATION:
        return registration  # a second click changes nothing
    if registration.pending_expired():
        raise ValidationError(
            _(
                "Ссылка устарела: регистрацию нужно подтвердить в течение %(hours)d часов. "
                "Зарегистрируйтесь на странице мероприятия ещё раз."
            )
            % {"hours": _PENDING_HOURS},
            code="expired",
        )
    _registration_check_open(locked_event)
    registration.status = _seat_or_waitlist(locked_event)
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    audit_record_municipal(
        action="event_registration.confirm",
        acting_user=None,
        target=f"registration#{registration.pk}: {locked_event}",
        data={"event": locked_event.pk, "status": registration.status},
    )
    event_task_send(tasks.registration_notice_send, registration_id=registration.pk, notice=registration.status)
    return registration


@transaction.atomic
def registration_pending_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete this municipality's guest registrations left unconfirmed past ``PENDING_CONFIRMATION_TTL``.

    Run hourly by beat (``tasks.registrations_pending_purge_fan_out``). Such a row holds no
    seat; it only keeps a name and an address someone typed, perhaps not their own.
    """
    cutoff = (now or timezone.now()) - PENDING_CONFIRMATION_TTL
    expired = Registration.objects.filter(status=RegistrationStatus.AWAITING_CONFIRMATION, created_at__lte=cutoff)
    count, _by_model = expired.delete()
    if count:
        audit_record_municipal(
            action="event_registration.purge_pending",
            acting_user=None,
            target="registrations",
            data={"deleted": count, "older_than_hours": _PENDING_HOURS},
        )
    return count


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user: ActingUser) -> Registration:
    """Cancel a registration (by its owner's link, or by an organiser); the waiting list moves up."""
    locked_event = _event_locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if locked_event.status == EventStatus.HELD:
        raise ValidationError(_("Мероприятие уже проведено."), code="held")
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_record_municipal(
        action="event_registration.cancel",
        acting_user=acting_user,
        target=f"registration#{registration.pk}: {locked_event}",
        data={"event": locked_event.pk, "had_seat": had_seat},
    )
    if had_seat and locked_event.status == EventStatus.SCHEDULED:
        waitlist_promote(locked_event)
    return registration


def waitlist_promote(event: Event) -> None:
    """Give free seats to the waiting list in the order people joined it (the event is locked)."""
    if event.capacity is None:
        free = None
    else:
        taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
        free = event.capacity - taken
        if free <= 0:
            return
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    for registration in waiting[:free] if free is not None else waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        audit_record_municipal(
            action="event_registration.promote",
            acting_user=None,
            target=f"registration#{registration.pk}: {event}",
            data={"event": event.pk},
        )
        event_task_send(tasks.registration_notice_send, registration_id=registration.pk, notice="promoted")


# --- attendance ---------------------------------------------------------------------------


@transaction.atomic
def registration_attendance_mark(
    *, registration: Registration, attended: bool, acting_user: ActingUser
) -> Registration:
    """An organiser marks a participant present (or not).

    Sends ``participant_attended`` in this transaction when someone is marked present.
    """
    locked = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if locked.event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено."), code="cancelled")
    if attended and locked.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Отметить присутствие можно только у зарегистрированного участника."), code="status")
    if locked.attended == attended:
        return locked
    locked.attended = attended
    locked.attended_at = timezone.now() if attended else None
    locked.save(update_fields=["attended", "attended_at"])
    audit_record_municipal(
        action="event_registration.attendance",
        acting_user=acting_user,
        target=f"registration#{locked.pk}: {locked.event}",
        data={"event": locked.event_id, "attended": attended},
    )
    if attended:
        participant_attended.send(
            sender=Registration,
            event_id=locked.event_id,
            registration_id=locked.pk,
            user_id=locked.user_id,
            email=locked.email,
        )
    if locked.event.status == EventStatus.HELD:
        rollups.events_rollup_refresh(days=[locked.event.starts_at])
    return locked


def registration_attend_by_code(*, event: Event, code: str, acting_user: ActingUser, email: str = "") -> Registration:
    """A participant marks themself present with the code announced at the event.

    The code works from an hour before the start to the end of the event's last day; a
    signed-in person is found by their account, a guest by the e-mail they registered with.
    """
    now = timezone.now()
    last_day_end = timezone.localtime(event.ends_at).replace(hour=23, minute=59, second=59)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие отменено."), code="cancelled")
    if not (event.starts_at - ATTENDANCE_CODE_EARLY <= now <= last_day_end):
        raise ValidationError(_("Код присутствия принимается только в день мероприятия."), code="not_today")
    if code.strip().upper() != event.attendance_code:
        raise ValidationError({"code": _("Неверный код присутствия.")}, code="wrong_code")
    user = signed_in_user(acting_user)
    registrations = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if user is not None:
        registration = registrations.filter(user=user).first() or registrations.filter(email=user.email).first()
    else:
        registration = registrations.filter(email=email.strip().lower()).first() if email.strip() else None
    if registration is None:
        raise ValidationError(_("Регистрация на это мероприятие не найдена."), code="not_registered")
    return registration_attendance_mark(registration=registration, attended=True, acting_user=acting_user)


# --- the personal calendar feed -------------------------------------------------------------


@transaction.atomic
def feed_token_get_or_create(*, user: User, renew: bool = False) -> CalendarFeedToken:
    """The secret of ``user``'s personal feed in this municipality; ``renew`` replaces a leaked one."""
    if not user.is_authenticated:
        raise PermissionDenied
    token, created = CalendarFeedToken.objects.select_for_update().get_or_create(user=user)
    if renew and not created:
        from tenants.events.models import secret_token_new

        token.token = secret_token_new()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    if created or renew:
        audit_record_municipal(
            action="event_feed.token", acting_user=user, target=f"user#{user.pk}", data={"renewed": renew}
        )
    return token
