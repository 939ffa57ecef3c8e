"""A guest's registration is no open mail relay (issue 13, item 4).

Fifteen POSTs from one address used to send fifteen letters to fifteen addresses, each opening
with a 300-character name the sender wrote, and the pending row blocked the real owner of the
address. Now: a honeypot, limits per client address, e-mail and event (counted in Redis, by
schema), a confirmation letter with none of the visitor's text, and pending rows that neither
block the owner nor outlive two days.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.events.forms import GUEST_PER_ADDRESS, GUEST_PER_EMAIL, GUEST_PER_EVENT, GuestRegistrationForm
from tenants.events.models import PENDING_CONFIRMATION_TTL, Registration, RegistrationStatus
from tenants.events.services import (
    registration_add_by_organiser,
    registration_confirm,
    registration_create,
    registration_pending_purge,
)
from tenants.rate_limits import form_error_status
from tests.tenants.events.factories import make_event

R = RegistrationStatus
FORM = {
    "full_name": "Орлова Ольга Петровна",
    "organisation_name": "МБОУ «Гимназия № 2»",
    "email": "olga@example.test",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Counters live in Redis, outside the rolled-back transaction.
    cache.clear()
    yield
    cache.clear()


def register(client, event, data, **extra):
    return client.post(f"/events/{event.pk}/register/", data, **extra)


def registrations_in(municipality, **filters) -> int:
    with tenant_context(municipality):
        return Registration.objects.filter(**filters).count()


def test_fifteen_posts_from_one_address_send_no_more_letters_than_its_allowance(
    muni_a, host_client, eager_tasks, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        event = make_event(title="Семинар для всех")
    client = host_client(muni_a)
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(15):
            data = {**FORM, "email": f"victim{n}@example.test"}
            answers.append(register(client, event, data, REMOTE_ADDR="198.51.100.7"))
    assert [a.status_code for a in answers] == [302] * GUEST_PER_ADDRESS.limit + [429] * (15 - GUEST_PER_ADDRESS.limit)
    assert len(mail.outbox) == GUEST_PER_ADDRESS.limit
    assert registrations_in(muni_a) == GUEST_PER_ADDRESS.limit
    refused = answers[-1].content.decode()
    assert "Слишком много регистраций за последний час" in refused and 'role="alert"' in refused
    assert 'value="victim14@example.test"' in refused and 'value="Орлова Ольга Петровна"' in refused  # kept


def test_one_address_is_written_to_only_a_few_times_an_hour(muni_a, host_client):
    with tenant_context(muni_a):
        events = [make_event(title=f"Семинар {n}") for n in range(GUEST_PER_EMAIL.limit + 1)]
    client = host_client(muni_a)
    answers = [
        register(client, event, FORM, REMOTE_ADDR=f"198.51.100.{n}").status_code for n, event in enumerate(events)
    ]
    assert answers == [302] * GUEST_PER_EMAIL.limit + [429]
    assert registrations_in(muni_a, email=FORM["email"]) == GUEST_PER_EMAIL.limit


def test_an_event_takes_only_so_many_guests_an_hour_from_everywhere(muni_a, host_client):
    with tenant_context(muni_a):
        event = make_event(title="Популярный семинар")
    client = host_client(muni_a)
    for n in range(GUEST_PER_EVENT.limit):
        data = {**FORM, "email": f"g{n}@example.test"}
        assert register(client, event, data, REMOTE_ADDR=f"10.9.{n // 200}.{n % 200}").status_code == 302
    refused = register(client, event, {**FORM, "email": "last@example.test"}, REMOTE_ADDR="10.9.99.1")
    assert refused.status_code == 429
    assert "войдите на сайт" in refused.content.decode()  # a signed-in teacher is not limited
    assert registrations_in(muni_a) == GUEST_PER_EVENT.limit


def test_a_flood_refused_by_its_address_does_not_use_up_the_event(muni_a, host_client):
    with tenant_context(muni_a):
        event = make_event()
    client = host_client(muni_a)
    for n in range(GUEST_PER_EVENT.limit + 5):
        register(client, event, {**FORM, "email": f"f{n}@example.test"}, REMOTE_ADDR="198.51.100.66")
    assert register(client, event, {**FORM, "email": "real@example.test"}, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_limits_count_each_visitor_behind_the_proxy_and_each_municipality_apart(muni_a, muni_b, host_client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    with tenant_context(muni_a):
        event_a = make_event()
    with tenant_context(muni_b):
        event_b = make_event()
    proxy = {"REMOTE_ADDR": "10.0.3.1"}  # nginx: the same for every visitor
    client_a = host_client(muni_a)
    for n in range(GUEST_PER_ADDRESS.limit):
        data = {**FORM, "email": f"v{n}@example.test"}
        assert register(client_a, event_a, data, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 302
    over = register(client_a, event_a, {**FORM, "email": "x@example.test"}, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert over.status_code == 429
    other = {**FORM, "email": "y@example.test"}
    assert register(client_a, event_a, other, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy).status_code == 302
    # The same visitor is a stranger to municipality B: its allowance is its own.
    answer_b = register(host_client(muni_b), event_b, other, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert answer_b.status_code == 302


def test_the_honeypot_stops_a_bot(muni_a, host_client, eager_tasks, django_capture_on_commit_callbacks):
    with tenant_context(muni_a):
        event = make_event()
    client = host_client(muni_a)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'aria-hidden="true"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "похоже, её заполнила программа" in response.content.decode()
    assert registrations_in(muni_a) == 0 and mail.outbox == []


def test_without_redis_the_form_refuses_politely_and_keeps_what_was_typed(muni_a, settings):
    """Fail closed: no counter, no letter to a typed address; a Russian message, not a 500."""
    with tenant_context(muni_a):
        event = make_event()
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},  # nothing listens
        }
        request = RequestFactory().post("/", FORM, REMOTE_ADDR="10.2.2.2")
        request.user = AnonymousUser()
        form = GuestRegistrationForm(FORM)
        assert form.submit(request, event=event) is None
        assert form_error_status(form) == 503
        assert "Попробуйте ещё раз через несколько минут" in " ".join(form.non_field_errors())
        assert form["email"].value() == FORM["email"] and form["full_name"].value() == FORM["full_name"]
        assert Registration.objects.count() == 0


def test_the_confirmation_letter_carries_none_of_the_visitors_text(
    muni_a, eager_tasks, django_capture_on_commit_callbacks
):
    spam = "Выигрыш 1 000 000 ₽ — заберите на http://spam.example/prize"
    with tenant_context(muni_a):
        event = make_event(title="Круглый стол «Наставничество»", address="ул. Ленинградская, 46")
        with django_capture_on_commit_callbacks(execute=True):
            pending = registration_create(
                event=event, acting_user=None, full_name=spam, organisation_name=spam, email="victim@example.test"
            )
    (message,) = mail.outbox
    text = message.subject + message.body
    assert "spam.example" not in text and "Выигрыш" not in text
    assert "Круглый стол «Наставничество»" in message.subject and "ул. Ленинградская, 46" in message.body
    starts = timezone.localtime(event.starts_at)
    assert f"{starts:%H:%M}" in message.body and str(starts.year) in message.body
    assert f"/events/registration/{pending.secret}/confirm/" in message.body
    assert f"/events/registration/{pending.secret}/cancel/" in message.body


def test_a_pending_guest_row_never_blocks_the_owner_of_the_address(
    muni_a, make_user, host_client, eager_tasks, django_capture_on_commit_callbacks
):
    owner = make_user(Role.TEACHER, muni_a, email="maria@school.example")
    with tenant_context(muni_a):
        event = make_event(capacity=1)
        forged = registration_create(
            event=event, acting_user=None, full_name="Кто-то Чужой", organisation_name="—", email="maria@school.example"
        )
    # The owner, signed in, registers in one click and gets the seat; the forged row is gone.
    assert host_client(muni_a, owner).post(f"/events/{event.pk}/register/").status_code == 302
    with tenant_context(muni_a):
        (mine,) = Registration.objects.filter(event=event)
        assert mine.user == owner and mine.status == R.CONFIRMED and mine.pk != forged.pk
        assert not Registration.objects.filter(secret=forged.secret).exists()

        # As a guest the owner's own registration replaces a pending one: a fresh link, their name.
        other = make_event()
        first = registration_create(
            event=other, acting_user=None, full_name="Кто-то Чужой", organisation_name="—", email="p@example.test"
        )
        with django_capture_on_commit_callbacks(execute=True):
            own = registration_create(
                event=other,
                acting_user=None,
                full_name="Петрова Мария",
                organisation_name="СОШ",
                email="P@example.test",
            )
        assert own.secret != first.secret and own.full_name == "Петрова Мария" and own.status == R.AWAITING_CONFIRMATION
        assert f"/events/registration/{own.secret}/confirm/" in mail.outbox[-1].body
        assert registration_confirm(secret=own.secret).status == R.CONFIRMED
        with pytest.raises(ValidationError, match="недействительна"):
            registration_confirm(secret=first.secret)

        # An organiser entering the person by phone is not blocked either; a confirmed row still is.
        third = make_event()
        registration_create(event=third, acting_user=None, full_name="Чужой", organisation_name="—", email="t@ex.test")
        added = registration_add_by_organiser(event=third, acting_user=None, full_name="Тихонова Т.", email="t@ex.test")
        assert added.status == R.CONFIRMED
        with pytest.raises(ValidationError, match="уже есть регистрация"):
            registration_create(
                event=third, acting_user=None, full_name="Ещё раз", organisation_name="—", email="t@ex.test"
            )


def test_a_pending_row_expires_and_is_purged(muni_a, muni_b, eager_tasks, django_capture_on_commit_callbacks):
    from tenants.events.tasks import registrations_pending_purge_fan_out

    old = timezone.now() - PENDING_CONFIRMATION_TTL - datetime.timedelta(minutes=1)
    assert datetime.timedelta(hours=24) <= PENDING_CONFIRMATION_TTL <= datetime.timedelta(hours=48)
    with tenant_context(muni_a):
        event = make_event(capacity=5)
        stale = registration_create(
            event=event, acting_user=None, full_name="Старая", organisation_name="—", email="s@ex.test"
        )
        fresh = registration_create(
            event=event, acting_user=None, full_name="Новая", organisation_name="—", email="f@ex.test"
        )
        Registration.objects.filter(pk=stale.pk).update(created_at=old)
        with pytest.raises(ValidationError, match="устарела"):
            registration_confirm(secret=stale.secret)
        assert registration_pending_purge() == 1
        assert list(Registration.objects.values_list("pk", flat=True)) == [fresh.pk]
        again = registration_create(
            event=event, acting_user=None, full_name="Старая", organisation_name="—", email="s@ex.test"
        )
        Registration.objects.filter(pk=again.pk).update(created_at=old)
    with tenant_context(muni_b):
        event_b = make_event()
        stale_b = registration_create(
            event=event_b, acting_user=None, full_name="Б", organisation_name="—", email="b@ex.test"
        )
        Registration.objects.filter(pk=stale_b.pk).update(created_at=old)
    # The beat entry runs in the region and purges in every municipality, each in its own schema.
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_pending_purge_fan_out.apply().get() >= 2
    assert registrations_in(muni_a) == 1 and registrations_in(muni_b) == 0


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("Салтыков-Щедрин Михаил Евграфович", True),
        ("O'Brien Anna", True),
        ("Фёдорова Алёна", True),
        ("Иванов И. И.", True),
        ("Купите http://spam.example", False),
        ("www.spam.example", False),
        ("Иванов 2025", False),
        ("<b>Иванов</b>", False),
        ("ab@example.test", False),
        ("Я" * 151, False),
    ],
)
def test_a_guests_name_is_a_name(muni_a, name, accepted):
    form = GuestRegistrationForm({**FORM, "full_name": name})
    assert form.is_valid() is accepted
    if not accepted:
        assert form.errors["full_name"]
