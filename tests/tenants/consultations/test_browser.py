"""In real Chromium with JavaScript off: a visitor asks for a consultation on the public page.

The form is reachable by its labels, an incomplete request shows an error summary announced as
an alert with links to the fields, and a complete one is accepted with its number — all without
a line of JavaScript. Data is committed here (the live server reads it) and removed afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect
from wagtail.models import Site

from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup
from tenants.consultations.models import Consultation
from tenants.consultations.pages import ConsultationRequestPage
from tests.browser.conftest import (  # noqa: F401 — fixtures of the browser tests
    chromium,
    live_municipalities,
    live_site,
    outside_the_browser_loop,
)

pytestmark = pytest.mark.browser

EMAIL = "browser-visitor@example.test"


@pytest.fixture(scope="module")
def request_page_url(live_site, live_municipalities) -> Iterator[str]:  # noqa: F811
    muni_a = live_municipalities["a"]
    had_rollups = set(
        outside_the_browser_loop(
            lambda: list(MunicipalityYearRollup.objects.filter(municipality=muni_a).values_list("pk", flat=True))
        )
    )

    def create() -> tuple[int, str, bool]:
        with schema_context(muni_a.schema_name):
            page = ConsultationRequestPage.objects.live().first()
            if page is not None:
                return page.pk, page.url or "", False
            home = Site.objects.get(is_default_site=True).root_page
            page = ConsultationRequestPage(title="Задать вопрос методисту", slug="ask-browser")
            home.add_child(instance=page)
            page.save_revision().publish()
            return page.pk, page.url or "", True

    page_id, path, made = outside_the_browser_loop(create)
    yield live_site.url(muni_a.default_hostname, path)

    def delete() -> None:
        with schema_context(muni_a.schema_name):
            Consultation.objects.filter(email=EMAIL).delete()
            if made:
                ConsultationRequestPage.objects.filter(pk=page_id).delete()
        AuditEntry.objects.filter(municipality=muni_a, action__startswith="consultation.").delete()
        MunicipalityYearRollup.objects.filter(municipality=muni_a).exclude(pk__in=had_rollups).delete()

    outside_the_browser_loop(delete)


@pytest.fixture
def page_without_js(chromium) -> Iterator[Any]:  # noqa: F811
    context = chromium.new_context(locale="ru-RU", java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_visitor_asks_without_javascript(request_page_url, page_without_js):
    page = page_without_js
    page.goto(request_page_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Задать вопрос методисту")
    # Every field is found by its label; the honeypot is hidden from people and screen readers.
    page.get_by_label("Фамилия, имя, отчество").fill("Петрова Мария Ивановна")
    page.get_by_label("Тема").fill("Адаптация в 5 классе")
    expect(page.get_by_role("textbox", name="Сайт (не заполняйте это поле)")).to_have_count(0)  # aria-hidden
    expect(page.locator("input[name=website]")).to_have_count(1)
    page.get_by_role("button", name="Отправить обращение").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Обращение не отправлено")
    expect(summary.get_by_role("link", name=re.compile(r"^E-mail для ответа: "))).to_have_attribute("href", "#id_email")
    expect(page.get_by_label("E-mail для ответа")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Тема")).to_have_value("Адаптация в 5 классе")  # what was typed stays

    page.get_by_label("Родитель (законный представитель)").check()
    page.get_by_label("E-mail для ответа").fill(EMAIL)
    page.get_by_label("Вопрос").fill("Как помочь ребёнку привыкнуть к предметной системе?")
    page.get_by_label("Я согласен(на) на обработку персональных данных для ответа на обращение").check()
    page.get_by_role("button", name="Отправить обращение").click()

    expect(page.get_by_role("status")).to_contain_text("принято")
    expect(page.get_by_role("status")).to_contain_text(EMAIL)
