"""The consultation page of a municipality's site, and a clean rate-limit counter per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context
from wagtail.models import Site

from tenants.consultations.pages import ConsultationRequestPage
from tenants.municipalities.models import Municipality


def consultation_page_url(municipality: Municipality) -> str:
    """The path of the municipality's request page (made under the home page if the site has none)."""
    with tenant_context(municipality):
        page = ConsultationRequestPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = ConsultationRequestPage(title="Задать вопрос методисту", slug="ask")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Counters live in Redis, outside the rolled-back transaction.
    cache.clear()
    yield
    cache.clear()
