"""Event services: creation, the registration rules, the waiting list, guests, attendance, held, cancel."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup
from tenants.academic_years import AcademicYear
from tenants.events.models import Event, EventStatus, Registration, RegistrationStatus
from tenants.events.services import (
    event_cancel,
    event_mark_held,
    event_update,
    registration_attend_by_code,
    registration_attendance_mark,
    registration_cancel,
    registration_confirm,
    registration_create,
)
from tenants.events.signals import participant_attended
from tests.tenants.events.factories import in_days, make_event

R = RegistrationStatus


def guest(event: Event, email: str, name: str = "Иванова Мария Петровна") -> Registration:
    return registration_create(
        event=event, acting_user=None, full_name=name, organisation_name="МБОУ СОШ № 1", email=email
    )


def test_event_is_stored_in_utc_with_a_clean_description_and_an_audit_row(muni_a, methodologist_a):
    starts = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=timezone.get_default_timezone())
    with tenant_context(muni_a):
        event = make_event(
            acting_user=methodologist_a,
            starts_at=starts,
            description=(
                '<p onclick="x()">План <script>alert(1)</script><b>семинара</b></p><a href="javascript:x">x</a>'
            ),
        )
        stored = Event.objects.get(pk=event.pk)
    assert stored.starts_at == starts and stored.starts_at.utcoffset() == datetime.timedelta(0)
    assert stored.starts_at.hour == 7  # 10:00 in Moscow is 07:00 UTC
    assert "<script" not in stored.description and "onclick" not in stored.description
    assert "javascript" not in stored.description and "<b>семинара</b>" in stored.description
    assert AuditEntry.objects.filter(action="event.create", actor=methodologist_a, municipality=muni_a).exists()
    rollup = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year="2025/2026")
    assert rollup.events_total == 1 and rollup.events_held == 0


def test_event_needs_a_place_and_an_end_after_its_start(muni_a):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError) as error:
            make_event(address="", online_url="")
        assert "Укажите место проведения" in str(error.value)
        with pytest.raises(ValidationError) as error:
            make_event(starts_at=in_days(3), ends_at=in_days(2))
        assert "Окончание не может быть раньше начала." in str(error.value)
        assert make_event(address="", online_url="https://vk.com/video1").pk


def test_registration_window(muni_a, make_user):
    teacher = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        not_yet = make_event(registration_opens_at=in_days(1))
        with pytest.raises(ValidationError, match="Регистрация откроется"):
            registration_create(event=not_yet, acting_user=teacher)
        closed = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
        with pytest.raises(ValidationError, match="Регистрация закрыта"):
            registration_create(event=closed, acting_user=teacher)
        started = make_event(starts_at=timezone.now() - datetime.timedelta(minutes=5))
        with pytest.raises(ValidationError, match="Регистрация закрыта"):
            registration_create(event=started, acting_user=teacher)
        no_registration = make_event(registration_enabled=False)
        with pytest.raises(ValidationError, match="не ведётся"):
            registration_create(event=no_registration, acting_user=teacher)
        assert registration_create(event=make_event(), acting_user=teacher).status == R.CONFIRMED


def test_capacity_waitlist_and_promotion_on_cancel(muni_a, make_user, eager_tasks, django_capture_on_commit_callbacks):
    first, second, third = (make_user(Role.TEACHER, muni_a) for _ in range(3))
    with tenant_context(muni_a):
        event = make_event(capacity=2)
        with django_capture_on_commit_callbacks(execute=True):
            a = registration_create(event=event, acting_user=first)
            b = registration_create(event=event, acting_user=second)
            c = registration_create(event=event, acting_user=third)
        assert (a.status, b.status, c.status) == (R.CONFIRMED, R.CONFIRMED, R.WAITLISTED)
        assert a.full_name == first.get_full_name() and a.email == first.email
        with pytest.raises(ValidationError, match="уже есть регистрация"):
            registration_create(event=event, acting_user=first)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            registration_cancel(registration=a, acting_user=first)
        c.refresh_from_db()
        assert c.status == R.CONFIRMED
        assert Registration.objects.filter(event=event, status=R.CONFIRMED).count() == 2
        (message,) = mail.outbox
        assert message.to == [third.email] and message.subject.startswith("Освободилось место")
    assert AuditEntry.objects.filter(action="event_registration.promote", municipality=muni_a).count() == 1


def test_more_seats_move_the_waiting_list_up(muni_a, make_user):
    people = [make_user(Role.TEACHER, muni_a) for _ in range(3)]
    with tenant_context(muni_a):
        event = make_event(capacity=1)
        registrations = [registration_create(event=event, acting_user=p) for p in people]
        assert [r.status for r in registrations] == [R.CONFIRMED, R.WAITLISTED, R.WAITLISTED]
        event_update(event=event, data={"capacity": 2}, acting_user=None)
        statuses = list(event.registrations.order_by("created_at", "pk").values_list("status", flat=True))
        assert statuses == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]


def test_guest_confirms_by_the_emailed_link(muni_a, eager_tasks, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        event = make_event(capacity=1, title="Круглый стол «Наставничество»")
        with django_capture_on_commit_callbacks(execute=True):
            pending = guest(event, "Maria@School.example")
        assert pending.status == R.AWAITING_CONFIRMATION and pending.email == "maria@school.example"
        (message,) = mail.outbox
        assert message.to == ["maria@school.example"]
        assert message.subject == "Подтвердите регистрацию: Круглый стол «Наставничество»"
        link = re.search(r"https?://\S+/events/registration/(\S+)/confirm/", message.body)
        assert link and link.group(1) == pending.secret
        assert muni_a.default_hostname in message.body
        # A pending guest holds no seat: a teacher who registers meanwhile gets it.
        with django_capture_on_commit_callbacks(execute=True):
            confirmed = registration_confirm(secret=pending.secret)
        assert confirmed.status == R.CONFIRMED and confirmed.confirmed_at is not None
        assert registration_confirm(secret=pending.secret).status == R.CONFIRMED  # a second click: no change
        late = guest(event, "late@school.example", name="Петров Пётр")
        assert registration_confirm(secret=late.secret).status == R.WAITLISTED
        with pytest.raises(ValidationError, match="недействительна"):
            registration_confirm(secret="no-such-secret")


def test_guest_must_give_name_organisation_and_email(muni_a):
    with tenant_context(muni_a):
        event = make_event()
        with pytest.raises(ValidationError) as error:
            registration_create(event=event, acting_user=None, full_name=" ", organisation_name="", email="")
    assert set(error.value.message_dict) == {"full_name", "organisation_name", "email"}
    assert error.value.message_dict["email"] == ["Укажите e-mail: на него придёт подтверждение."]


def test_cancelled_registration_frees_the_email_for_a_new_one(muni_a):
    with tenant_context(muni_a):
        event = make_event()
        first = guest(event, "a@example.test")
        registration_cancel(registration=first, acting_user=None)
        assert guest(event, "a@example.test").status == R.AWAITING_CONFIRMATION


def test_attendance_code_works_on_the_day_for_the_registered_only(muni_a, make_user):
    teacher, stranger = make_user(Role.TEACHER, muni_a), make_user(Role.TEACHER, muni_a)
    received: list[dict] = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    participant_attended.connect(receiver)
    try:
        with tenant_context(muni_a):
            today = make_event(starts_at=timezone.now() + datetime.timedelta(minutes=30))
            future = make_event(starts_at=in_days(3))
            mine = registration_create(event=today, acting_user=teacher)
            registration_create(event=future, acting_user=teacher)
            guest_registration = guest(today, "guest@example.test")
            registration_confirm(secret=guest_registration.secret)
            with pytest.raises(ValidationError, match="только в день мероприятия"):
                registration_attend_by_code(event=future, code=future.attendance_code, acting_user=teacher)
            with pytest.raises(ValidationError, match="Неверный код"):
                registration_attend_by_code(event=today, code="XXXXXX", acting_user=teacher)
            with pytest.raises(ValidationError, match="не найдена"):
                registration_attend_by_code(event=today, code=today.attendance_code, acting_user=stranger)
            marked = registration_attend_by_code(event=today, code=today.attendance_code.lower(), acting_user=teacher)
            assert marked.pk == mine.pk and marked.attended and marked.attended_at is not None
            by_email = registration_attend_by_code(
                event=today, code=today.attendance_code, acting_user=None, email="GUEST@example.test"
            )
            assert by_email.pk == guest_registration.pk and by_email.attended
    finally:
        participant_attended.disconnect(receiver)
    assert received == [
        {
            "signal": participant_attended,
            "event_id": today.pk,
            "registration_id": mine.pk,
            "user_id": teacher.pk,
            "email": teacher.email,
        },
        {
            "signal": participant_attended,
            "event_id": today.pk,
            "registration_id": guest_registration.pk,
            "user_id": None,
            "email": "guest@example.test",
        },
    ]


def test_held_event_counts_attended_participants_in_the_rollup(muni_a, methodologist_a, make_user):
    people = [make_user(Role.TEACHER, muni_a) for _ in range(3)]
    with tenant_context(muni_a):
        event = make_event(starts_at=timezone.now() - datetime.timedelta(hours=1))
        upcoming = make_event()
        with pytest.raises(ValidationError, match="ещё не началось"):
            event_mark_held(event=upcoming, acting_user=methodologist_a)
        registrations = [
            Registration.objects.create(event=event, user=p, full_name=str(p), email=p.email, status=R.CONFIRMED)
            for p in people
        ]
        for registration in registrations[:2]:
            registration_attendance_mark(registration=registration, attended=True, acting_user=methodologist_a)
        event_mark_held(event=event, acting_user=methodologist_a)
        assert Event.objects.get(pk=event.pk).status == EventStatus.HELD
        with pytest.raises(ValidationError):
            event_mark_held(event=event, acting_user=methodologist_a)
        year = AcademicYear.of(timezone.localdate(event.starts_at)).label
        rollup = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=year)
        assert (rollup.events_held, rollup.events_participants) == (1, 2)
        registration_attendance_mark(registration=registrations[2], attended=True, acting_user=methodologist_a)
        rollup.refresh_from_db()
        assert rollup.events_participants == 3


def test_cancel_and_change_notify_the_registered_in_russian(
    muni_a, methodologist_a, make_user, eager_tasks, django_capture_on_commit_callbacks
):
    teacher = make_user(Role.TEACHER, muni_a, email="uchitel@example.test")
    with tenant_context(muni_a):
        event = make_event(title="Мастер-класс по ТРИЗ", capacity=5)
        registration = registration_create(event=event, acting_user=teacher)
        Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=timezone.now())
        pending = guest(event, "not-confirmed@example.test")
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            event_update(event=event, data={"title": "Мастер-класс по ТРИЗ (обновлено)"}, acting_user=methodologist_a)
        assert mail.outbox == []  # the title is not news for the participants
        with django_capture_on_commit_callbacks(execute=True):
            event_update(event=event, data={"starts_at": in_days(6), "ends_at": in_days(6, hour=13)}, acting_user=None)
        (changed,) = mail.outbox
        assert changed.to == ["uchitel@example.test"] and changed.subject.startswith("Изменения в мероприятии")
        assert Registration.objects.get(pk=registration.pk).reminder_sent_at is None  # reminded again
        with pytest.raises(ValidationError) as error:
            event_cancel(event=event, reason=" ", acting_user=methodologist_a)
        assert "Укажите причину отмены" in str(error.value)
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            event_cancel(event=event, reason="Карантин в школе", acting_user=methodologist_a)
        (cancelled,) = mail.outbox
        assert cancelled.subject == "Мероприятие отменено: Мастер-класс по ТРИЗ (обновлено)"
        assert "Карантин в школе" in cancelled.body and pending.email not in cancelled.to
        with pytest.raises(ValidationError, match="отменено"):
            registration_create(event=event, acting_user=make_user(Role.TEACHER, muni_a))
    assert AuditEntry.objects.filter(action="event.cancel", actor=methodologist_a).exists()
