"""Public calendar pages and event pages: both calendars marked apart, registration forms, isolation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import PageViewRestriction, Site

from accounts.models import Role
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import Event, EventCalendarPage, Registration, RegistrationStatus
from tests.tenants.events.factories import in_days, make_event
from unified_calendar.models import RegionalEvent


def calendar_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = EventCalendarPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = EventCalendarPage(title="Календарь мероприятий", slug="calendar")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture
def calendar_a(muni_a) -> str:
    return calendar_url_in(muni_a)


def test_month_and_list_show_own_public_events_and_the_regional_ones_marked_apart(
    muni_a, muni_b, calendar_a, host_client
):
    day = in_days(10)
    regional = RegionalEvent.objects.create(
        title="Региональный форум наставников",
        kind=EventKind.CONFERENCE,
        audience=EventAudience.TEACHERS,
        starts_on=day.date(),
        ends_on=day.date(),
        organiser="ЛОИРО",
        source_municipality=muni_b,
    )
    with tenant_context(muni_a):
        make_event(title="Семинар учителей математики", starts_at=day)
        make_event(title="Закрытое совещание", starts_at=day, is_public=False)
        make_event(title="Олимпиада по химии", kind=EventKind.OLYMPIAD, starts_at=day, audience=EventAudience.STUDENTS)
    with tenant_context(muni_b):
        make_event(title="Семинар района Б", starts_at=day)
    client = host_client(muni_a)
    month = f"{day:%Y-%m}"
    body = client.get(calendar_a, {"month": month}).content.decode()
    assert "Семинар учителей математики" in body and "Олимпиада по химии" in body
    assert "Региональный форум наставников" in body and 'class="entry-regional"' in body
    assert muni_b.short_name in body  # the municipality that proposed the regional event is named
    assert f'href="http://lenobl.localhost/calendar/{regional.pk}/"' in body
    assert "Закрытое совещание" not in body and "Семинар района Б" not in body
    listed = client.get(calendar_a, {"month": month, "view": "list", "kind": EventKind.OLYMPIAD}).content.decode()
    assert "Олимпиада по химии" in listed and "Семинар учителей математики" not in listed
    assert "Региональный форум" not in listed
    by_audience = client.get(calendar_a, {"month": month, "audience": EventAudience.STUDENTS}).content.decode()
    assert "Олимпиада по химии" in by_audience and "Семинар учителей" not in by_audience
    assert client.get(calendar_a, {"month": "garbage", "kind": "nope"}).status_code == 200


def test_an_event_page_links_to_the_calendar_the_menu_links_to_and_never_to_a_restricted_one(
    muni_a, calendar_a, host_client
):
    with tenant_context(muni_a):
        event = make_event(title="Семинар для всех")
    client = host_client(muni_a)
    assert f'href="{calendar_a}"' in client.get(f"/events/{event.pk}/").content.decode()
    with tenant_context(muni_a):
        page = EventCalendarPage.objects.live().get()
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x1")
    body = client.get(f"/events/{event.pk}/").content.decode()
    assert "Семинар для всех" in body and f'href="{calendar_a}"' not in body


def test_guest_registration_form_errors_are_announced(muni_a, host_client):
    with tenant_context(muni_a):
        event = make_event(title="Открытый урок литературы", capacity=10)
    client = host_client(muni_a)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Открытый урок литературы" in page and 'for="id_full_name"' in page and "Свободных мест" in page
    response = client.post(f"/events/{event.pk}/register/", {"full_name": "", "organisation_name": "", "email": "x"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in body and 'aria-invalid="true"' in body
    assert "Требуется заполнить это поле." in body and "Введите правильный адрес электронной почты" in body
    response = client.post(
        f"/events/{event.pk}/register/",
        {"full_name": "Орлова Ольга", "organisation_name": "МБОУ Гимназия", "email": "olga@example.test"},
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.AWAITING_CONFIRMATION
    # The e-mailed link shows a button; only the POST confirms (a link scanner's GET does not).
    link = f"/events/registration/{registration.secret}/confirm/"
    assert "Подтвердить регистрацию" in client.get(link).content.decode()
    with tenant_context(muni_a):
        assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.AWAITING_CONFIRMATION
    client.post(link)
    cancel = f"/events/registration/{registration.secret}/cancel/"
    assert "Отменить регистрацию" in client.get(cancel).content.decode()
    client.post(cancel)
    with tenant_context(muni_a):
        assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED


def test_signed_in_teacher_registers_in_one_click_and_enters_the_code(muni_a, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        event = make_event(title="Мастер-класс сегодня", starts_at=timezone.now() + datetime.timedelta(minutes=20))
    client = host_client(muni_a, teacher)
    assert 'name="full_name"' not in client.get(f"/events/{event.pk}/").content.decode()
    assert client.post(f"/events/{event.pk}/register/").status_code == 302
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Вы зарегистрированы." in page and "Отметиться" in page
    wrong = client.post(f"/events/{event.pk}/attend/", {"code": "ZZZZZZ"})
    assert wrong.status_code == 400 and "Неверный код присутствия." in wrong.content.decode()
    client.post(f"/events/{event.pk}/attend/", {"code": event.attendance_code})
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Сертификат участника (PDF)" in page


def test_staff_only_event_is_hidden_from_visitors_and_other_municipalities(
    muni_a, muni_b, make_user, host_client, methodologist_a
):
    with tenant_context(muni_a):
        hidden = make_event(title="Совещание руководителей ШМО", is_public=False)
    assert host_client(muni_a).get(f"/events/{hidden.pk}/").status_code == 404
    assert host_client(muni_a, make_user(Role.TEACHER, muni_a)).get(f"/events/{hidden.pk}/").status_code == 404
    assert host_client(muni_a, methodologist_a).get(f"/events/{hidden.pk}/").status_code == 200
    # A's methodologist on B's host is a visitor there; B's schema does not hold A's event.
    with tenant_context(muni_b):
        assert not Registration.objects.exists() and not Event.objects.filter(pk=hidden.pk).exists()
    assert host_client(muni_b, methodologist_a).get(f"/events/{hidden.pk}/").status_code == 404
    assert host_client(muni_b).post(f"/events/{hidden.pk}/register/").status_code == 404


def test_contest_results_appear_when_released(muni_a, methodologist_a, host_client):
    from tenants.events.models import ContestOutcome, ContestParticipant
    from tenants.events.services import contest_results_publish

    with tenant_context(muni_a):
        contest = make_event(title="Учитель года", kind=EventKind.CONTEST)
        ContestParticipant.objects.create(
            event=contest, full_name="Кузнецова Ирина", outcome=ContestOutcome.PARTICIPANT
        )
        ContestParticipant.objects.create(
            event=contest, full_name="Белов Андрей", outcome=ContestOutcome.WINNER, score=98
        )
        ContestParticipant.objects.create(
            event=contest, full_name="Соколова Елена", outcome=ContestOutcome.PRIZE_WINNER, score=91
        )
    client = host_client(muni_a)
    assert "Белов Андрей" not in client.get(f"/events/{contest.pk}/").content.decode()
    with tenant_context(muni_a):
        contest_results_publish(event=contest, acting_user=methodologist_a)
    body = client.get(f"/events/{contest.pk}/").content.decode()
    assert body.index("Белов Андрей") < body.index("Соколова Елена") < body.index("Кузнецова Ирина")
    assert "Победитель" in body and "Призёр" in body
    with tenant_context(muni_a):
        seminar = make_event()
        with pytest.raises(Exception, match="только у конкурсов"):
            contest_results_publish(event=seminar, acting_user=methodologist_a)


def test_titles_are_escaped_in_the_month_view(muni_a, calendar_a, host_client):
    day = in_days(12)
    RegionalEvent.objects.create(
        title="<i>Регион</i> & всё", kind=EventKind.SEMINAR, starts_on=day.date(), ends_on=day.date(), organiser="Л"
    )
    with tenant_context(muni_a):
        make_event(title='<script>alert("x")</script> Семинар', starts_at=day)
    body = host_client(muni_a).get(calendar_a, {"month": f"{day:%Y-%m}"}).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Семинар" in body
    assert "&lt;i&gt;Регион&lt;/i&gt; &amp; всё" in body
