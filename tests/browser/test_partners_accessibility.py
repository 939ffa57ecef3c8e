"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on the network partners' public page,
a partner's public page and the partner's staff screen. Data committed, removed at teardown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_olympiad_accessibility import _sign_in, _violations

pytestmark = pytest.mark.browser

NAME = "Музей (a11y-partners)"
PAGE_SLUG = "a11y-partnery"


def _remove(schema: str) -> None:
    from wagtail.models import Page

    from tenants.partners.models import JointProject, Partner

    with schema_context(schema):
        JointProject.objects.filter(partners__name=NAME).delete()
        Partner.objects.filter(name=NAME).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()


@pytest.fixture(scope="module")
def partner_scene(live_municipalities: dict[str, Any], committed_user: Any) -> Any:
    muni = live_municipalities["a"]
    head = committed_user(Role.HEAD, muni)

    def create() -> dict[str, Any]:
        from wagtail.models import Site

        from tenants.partners.models import PartnerKind, PartnersPage
        from tenants.partners.services import agreement_create, joint_project_create, partner_create

        _remove(muni.schema_name)
        with schema_context(muni.schema_name):
            partner = partner_create(name=NAME, kind=PartnerKind.CULTURE, acting_user=None)
            agreement_create(partner=partner, concluded_on=datetime.date.today(), subject="Уроки", acting_user=None)
            joint_project_create(title="Квест", partners=[partner], starts_on=datetime.date.today(), acting_user=None)
            home = Site.objects.get(is_default_site=True).root_page
            page = PartnersPage(title="Сетевые партнёры", slug=PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            return {"partner": partner.pk, "path": "/" + page.url_path.strip("/").split("/", 1)[1] + "/"}

    scene = outside_the_browser_loop(create)
    yield head, scene
    outside_the_browser_loop(lambda: _remove(muni.schema_name))


def test_no_wcag_violations_on_the_partner_pages(partner_scene, live_site, live_municipalities, browser_page):
    head, s = partner_scene
    host = live_municipalities["a"].default_hostname
    page = browser_page
    found = _violations(page, live_site, host, [s["path"], f"{s['path']}{s['partner']}/"])
    _sign_in(page, live_site.url(host, "/accounts/login/"), live_site.url(host, "/cabinet/"), head.email)
    found |= _violations(
        page,
        live_site,
        host,
        ["/admin/partners/", f"/admin/partners/{s['partner']}/work/", "/admin/partners/agreements/new/"],
    )
    assert found == {}
