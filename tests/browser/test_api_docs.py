"""In real Chromium: the API's documentation page (Swagger UI from our static files) renders the
operations under the enforced Content-Security-Policy, reports no violation, and axe-core finds no
WCAG 2.1 A/AA violation, on the region host and on a municipality's; nor on the operator's key
screens (the list, the form with its errors, the issued key)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_content_security import PolicyWatch
from tests.conftest import PASSWORD
from tests.factories import totp_code

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("host", ["region", "municipality"])
def test_the_api_docs_page_works_under_the_policy_and_passes_axe(chromium, live_site, live_municipalities, host):
    hostname = settings.REGION_DOMAIN if host == "region" else live_municipalities["a"].default_hostname
    watch = PolicyWatch(chromium)
    try:
        violations = watch.visit(live_site.url(hostname, "/api/v1/docs/"))
        page: Any = watch.page
        expect(page).to_have_title(
            "API региона — платформа «Методика»" if host == "region" else "API муниципалитета — платформа «Методика»"
        )
        # Swagger UI fetched the schema (connect-src 'self') and drew the operations.
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        assert page.locator(".opblock").count() >= 5
        assert violations + watch.violations() == []
        found = axe_violations(page)
        assert found == [], "\n".join(f"{v['id']}: {v['nodes']}" for v in found)
    finally:
        watch.context.close()


@pytest.fixture
def operator_with_key(live_site, live_municipalities):
    """A committed operator (with an authenticator app) and a key issued to them; removed after."""
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session

    from accounts.models import Role, User
    from accounts.services import role_grant
    from api.models import ApiKey
    from api.services import api_key_issue
    from audit.models import AuditEntry
    from tests.factories import UserFactory

    def create() -> Any:
        user = UserFactory(email=f"browser-api-{uuid.uuid4().hex[:10]}@example.test", totp=True)
        role_grant(user=user, role=Role.OPERATOR, municipality=None, acting_user=None)
        api_key_issue(
            acting_user=user,
            name="Система для проверки доступности",
            owner=user,
            scopes=["pd:read", "events:read"],
            municipalities=[live_municipalities["a"]],
        )
        return user

    user = outside_the_browser_loop(create)
    yield user

    def delete() -> None:
        ApiKey.objects.filter(owner=user).delete()
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
        AuditEntry.objects.filter(actor=user).delete()
        Authenticator.objects.filter(user=user).delete()
        with schema_context(live_municipalities["a"].schema_name):
            User.objects.filter(pk=user.pk).delete()

    outside_the_browser_loop(delete)


def test_the_operators_key_screens_pass_axe(browser_page, live_site, operator_with_key):
    page, host = browser_page, settings.REGION_DOMAIN
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(operator_with_key.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_label("Код").fill(outside_the_browser_loop(lambda: totp_code(operator_with_key)))
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))
    found = {}
    page.goto(live_site.url(host, "/operator/api-keys/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ключи API")
    expect(page.get_by_role("cell", name="Система для проверки доступности", exact=True)).to_be_visible()
    found["list"] = axe_violations(page)
    page.goto(live_site.url(host, "/operator/api-keys/new/"))
    page.get_by_role("button", name="Выдать").click()  # empty: every error shown and announced
    expect(page.locator(".error").first).to_be_visible()
    found["form with errors"] = axe_violations(page)
    page.get_by_label("Внешняя система").fill("Реестр курсов")
    page.get_by_label("E-mail владельца").fill(operator_with_key.email)
    page.get_by_label("Записи о повышении квалификации (чтение)").check()
    page.get_by_role("button", name="Выдать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ключ выдан")
    assert page.get_by_label("Ключ").input_value().startswith("mtk_")
    found["issued"] = axe_violations(page)
    assert found == {"list": [], "form with errors": [], "issued": []}
