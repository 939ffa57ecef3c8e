"""In real Chromium: the staff screens' polish (issue 21, item 4) — charts whose every text lies
inside the chart and no label under a bar, admin screens that make no request outside the site
(no Gravatar), sidebar labels that are not cut, and the institute's table scrolling inside its
box with the municipality column fixed on a 1366 px screen.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Where a text's box must lie: inside the <svg>'s box; a label's box must meet no bar's.
CHART_GEOMETRY = """() => {
  const problems = [];
  for (const svg of document.querySelectorAll('svg[role=img]')) {
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect')].filter(r => !r.closest('pattern') && !r.closest('defs'))
      .map(r => r.getBoundingClientRect());
    for (const text of svg.querySelectorAll('text')) {
      const t = text.getBoundingClientRect();
      const name = svg.querySelector('title').id + ' «' + text.textContent + '»';
      if (t.left < box.left - 0.5 || t.right > box.right + 0.5 || t.top < box.top - 0.5 || t.bottom > box.bottom + 0.5)
        problems.push('outside: ' + name);
      for (const b of bars)
        if (t.left < b.right - 0.5 && b.left < t.right - 0.5 && t.top < b.bottom - 0.5 && b.top < t.bottom - 0.5)
          problems.push('over a bar: ' + name);
    }
  }
  return problems;
}"""


def _sign_in(page: Any, live_site: Any, host: str, email: str) -> None:
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))


def test_chart_texts_lie_inside_the_chart_and_no_label_runs_under_a_bar(chromium):
    from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
    from tenants.monitoring.charts import Bar, Series, bar_chart

    series = [
        Series("ok", "в срок", "#1b6e3a"),
        Series("soon", "скоро срок", "#8a5a00", "hatch"),
        Series("overdue", "просрочено (более трёх лет)", "#a4262c", "dots"),
    ]
    charts = [
        bar_chart(
            chart_id="pd",
            title="ПК",
            description="",
            series=series,
            bars=[Bar("Педагогов", {"ok": 25, "soon": 17, "overdue": 16}), Bar("Из них молодых", {"ok": 1250})],
        ),
        bar_chart(
            chart_id="areas",
            title="Дефициты",
            description="",
            series=[Series("n", "дефицитов", "#0b4f8a")],
            bars=[Bar(str(label), {"n": 100 + n}) for n, (_code, label) in enumerate(DEFAULT_COMPETENCE_AREAS)]
            + [
                Bar(
                    "Очень длинное название области компетенций, которое не помещается даже в две строки подписи",
                    {"n": 3},
                )
            ],
        ),
    ]
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        for width in (1366, 800):
            page.set_viewport_size({"width": width, "height": 900})
            page.set_content("<!doctype html><html lang=ru><body>" + "".join(charts) + "</body></html>")
            assert page.locator("svg text").count() > 10
            assert page.evaluate(CHART_GEOMETRY) == []
        # A shortened label keeps its full text in its <title>.
        titles = page.evaluate("[...document.querySelectorAll('svg text > title')].map(t => t.textContent)")
        assert any(t.endswith("не помещается даже в две строки подписи") for t in titles)
    finally:
        context.close()


def test_admin_screens_make_no_outside_request_and_sidebar_labels_fit(
    committed_user, live_site, live_municipalities, browser_page
):
    muni = live_municipalities["a"]
    host = muni.default_hostname
    head = committed_user(Role.HEAD, muni)
    page = browser_page
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in (host, None) else None)
    _sign_in(page, live_site, host, head.email)
    for path in ("/admin/", "/admin/monitoring/", "/admin/account/"):
        page.goto(live_site.url(host, path))
        page.wait_for_load_state("load")
        assert page.evaluate(CHART_GEOMETRY) == [], path
    assert [u for u in outside if not u.startswith("data:")] == []
    # The browser tab names the product and the municipality.
    assert page.title().endswith(f"Методика · {muni.short_name}")
    # Every sidebar label is drawn whole (Wagtail cuts what does not fit with «…»).
    page.goto(live_site.url(host, "/admin/"))
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.sidebar-menu-item__link .menuitem-label')]
             .filter(e => e.offsetParent !== null && !e.classList.contains('w-sr-only'))
             .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
             .map(e => e.textContent.trim() + " " + e.scrollWidth + "/" + e.clientWidth)"""
    )
    assert cut == []


@pytest.fixture
def institute_user(live_site: Any, live_municipalities: dict[str, Any]) -> Any:
    """A committed member of the institute's staff; they, their sessions and audit rows go at teardown."""
    import uuid

    from django.contrib.sessions.models import Session
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.services import role_grant
    from audit.models import AuditEntry
    from tests.browser.conftest import outside_the_browser_loop
    from tests.factories import UserFactory

    def create() -> Any:
        user = UserFactory(email=f"browser-polish-{uuid.uuid4().hex[:10]}@example.test")
        role_grant(user=user, role=Role.INSTITUTE, municipality=None, acting_user=None)
        return user

    user = outside_the_browser_loop(create)
    yield user

    def delete() -> None:
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
        AuditEntry.objects.filter(target=user.email).delete()
        with schema_context(live_municipalities["a"].schema_name):  # Wagtail's per-user tables live there
            User.objects.filter(pk=user.pk).delete()

    outside_the_browser_loop(delete)


def test_the_institutes_table_scrolls_in_its_box_with_the_municipality_column_fixed(
    institute_user, live_site, live_municipalities, chromium
):
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        _sign_in(page, live_site, settings.REGION_DOMAIN, institute_user.email)
        page.goto(live_site.url(settings.REGION_DOMAIN, "/institute/"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the page itself does not scroll
        box = page.locator(".table-scroll").first
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider: its box scrolls
        first = page.locator("table.dashboard tbody th[scope=row]").first
        left = first.bounding_box()["x"]
        box.evaluate("e => e.scrollLeft = e.scrollWidth")
        assert abs(first.bounding_box()["x"] - left) < 1  # the municipality column stays
        assert page.evaluate(CHART_GEOMETRY) == []
    finally:
        context.close()
