"""In real Chromium: the API's documentation page (Swagger UI from our static files) renders the
operations under the enforced Content-Security-Policy, reports no violation, and axe-core finds no
WCAG 2.1 A/AA violation, on the region host and on a municipality's."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_content_security import PolicyWatch

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
