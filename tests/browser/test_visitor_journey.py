"""In real Chromium: a parent or teacher finds an event on the home page, registers as a guest
and confirms by the link from the e-mail — the visitor's journey across the public site.

The calendar page and the event are committed (the server runs outside the test's transaction)
and removed at teardown, with the registrations, audit rows and roll-ups they caused.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import outside_the_browser_loop

pytestmark = pytest.mark.browser

EVENT_TITLE = "Семинар «Функциональная грамотность» (journey)"


@pytest.fixture(scope="module")
def open_event(live_municipalities: dict[str, Any]) -> Any:
    from wagtail.models import Page, Site

    from audit.models import AuditEntry
    from tenants.events.models import Event, Registration
    from tenants.events.pages import EventCalendarPage
    from tenants.events.rollups import events_rollup_refresh
    from tests.tenants.events.factories import in_days, make_event

    muni = live_municipalities["a"]
    audit_before = outside_the_browser_loop(
        lambda: AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    )

    def remove() -> None:
        with schema_context(muni.schema_name):
            events = list(Event.objects.filter(title=EVENT_TITLE))
            Registration.objects.filter(event__in=events).delete()
            for event in events:
                event.delete()
            if events:
                events_rollup_refresh(days=[e.starts_at for e in events])
            Page.objects.filter(slug="kalendar-journey").delete()
        AuditEntry.objects.filter(pk__gt=audit_before or 0, municipality=muni).delete()

    def create() -> int:
        remove()
        with schema_context(muni.schema_name):
            home = Site.objects.get(is_default_site=True).root_page
            if not EventCalendarPage.objects.exists():
                calendar = home.add_child(instance=EventCalendarPage(title="Календарь", slug="kalendar-journey"))
                calendar.save_revision().publish()
            return make_event(title=EVENT_TITLE, starts_at=in_days(1), capacity=30).pk

    event_id = outside_the_browser_loop(create)
    yield event_id
    outside_the_browser_loop(remove)


def test_home_to_event_to_registration_to_confirmation(open_event, live_site, live_municipalities, browser_page):
    from tenants.events.models import Registration, RegistrationStatus

    muni = live_municipalities["a"]
    host = muni.default_hostname
    page = browser_page

    page.goto(live_site.url(host, "/"))
    upcoming = page.get_by_role("region", name="Ближайшие мероприятия")
    upcoming.get_by_role("link", name=EVENT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    assert axe_violations(page) == []

    page.get_by_label("Фамилия, имя, отчество").fill("Иванова Мария Сергеевна")
    page.get_by_label("Организация").fill("МБОУ СОШ № 2")
    page.get_by_label("E-mail").fill("parent.journey@example.test")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_role("status")).to_contain_text("Почти готово")

    def secret() -> str:
        with schema_context(muni.schema_name):
            registration = Registration.objects.get(event_id=open_event, email="parent.journey@example.test")
            return registration.secret

    # The link the e-mail carries.
    page.goto(live_site.url(host, f"/events/registration/{outside_the_browser_loop(secret)}/confirm/"))
    page.get_by_role("button", name="Подтвердить регистрацию").click()
    expect(page.get_by_role("status")).to_contain_text("Регистрация подтверждена")

    def status() -> str:
        with schema_context(muni.schema_name):
            return Registration.objects.get(event_id=open_event, email="parent.journey@example.test").status

    assert outside_the_browser_loop(status) == RegistrationStatus.CONFIRMED
