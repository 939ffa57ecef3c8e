"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation, in the normal look and in low vision, on
a municipality's public page of innovation projects and the portal's region-wide list of them (a
search and the filters included). Data committed, removed at teardown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from tests.browser.conftest import outside_the_browser_loop
from tests.browser.test_olympiad_accessibility import _violations

pytestmark = pytest.mark.browser

MARK = "(a11y-innovation)"
TITLE = f"Формирующее оценивание в основной школе {MARK}"
PAGE_SLUG = "a11y-innovacii"
SCHOOL = "МБОУ «Лицей a11y-innovation»"
INN = "4714990023"
LOW_VISION = "large.bw.on.normal"


def _remove(municipality: Any) -> None:
    from django.db.models import Q
    from wagtail.models import Page

    from audit.models import AuditEntry
    from regional_banks.models import InnovationProjectEntry
    from tenants.innovation.bank import innovation_bank_refresh
    from tenants.innovation.models import InnovationProject
    from tenants.innovation.rollup import innovation_rollup_refresh
    from tenants.organisations.models import Organisation
    from tenants.resources.models import Resource

    with tenant_context(municipality):  # the municipality, not only its schema: the region's rows follow
        InnovationProject.objects.filter(title__endswith=MARK).delete()
        Resource.objects.filter(title__endswith=MARK).delete()
        Organisation.objects.filter(inn=INN).delete()
        Page.objects.filter(slug=PAGE_SLUG).delete()
        innovation_rollup_refresh()
        innovation_bank_refresh()
    InnovationProjectEntry.objects.filter(title__endswith=MARK).delete()
    AuditEntry.objects.filter(Q(target__contains="a11y-innovation")).delete()


@pytest.fixture(scope="module")
def innovation_scene(live_municipalities: dict[str, Any]) -> Any:
    muni = live_municipalities["a"]

    def create() -> dict[str, Any]:
        from wagtail.models import Site

        from tenants.innovation.models import InnovationLevel, InnovationPage, InnovationStatus
        from tenants.innovation.services import innovation_project_create, innovation_status_change
        from tenants.organisations.models import Organisation, OrganisationKind
        from tenants.resources.models import ResourceKind
        from tenants.resources.services import resource_create

        _remove(muni)
        with tenant_context(muni):
            home = Site.objects.get(is_default_site=True).root_page
            page = InnovationPage(title="Инновационная деятельность", slug=PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            school = Organisation.objects.create(
                kind=OrganisationKind.SCHOOL, short_name=SCHOOL, full_name=SCHOOL, inn=INN, address="г. Луга"
            )
            product = resource_create(
                acting_user=None, title=f"Методичка по оцениванию {MARK}", kind=ResourceKind.METHODOLOGICAL,
                link="https://example.org/materials/a11y", is_public=True,
            )  # fmt: skip
            today = datetime.date.today()
            project = innovation_project_create(
                title=TITLE, organisations=[school], level=InnovationLevel.REGIONAL, starts_on=today,
                ends_on=today + datetime.timedelta(days=700), goals="Модель формирующего оценивания",
                stages="1-й год — подготовка\n2-й год — апробация", products=[product], acting_user=None,
            )  # fmt: skip
            innovation_status_change(project=project, status=InnovationStatus.ACTIVE, acting_user=None)
            return {"path": "/" + page.url_path.strip("/").split("/", 1)[1] + "/"}

    scene = outside_the_browser_loop(create)
    yield scene
    outside_the_browser_loop(lambda: _remove(muni))


def _pages(s: dict[str, Any], host: str) -> list[tuple[str, str]]:
    region = settings.REGION_DOMAIN
    return [
        (host, s["path"]),
        (region, "/innovation/"),
        (region, "/innovation/?q=%D0%BE%D1%86%D0%B5%D0%BD%D0%B8%D0%B2%D0%B0%D0%BD%D0%B8%D0%B5&level=regional"),
        (region, "/innovation/?q=%D1%8F%D1%8F%D1%8F%D1%8F"),  # nothing found: the empty state
    ]


def _check(page: Any, live_site: Any, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    found = {}
    for host, path in pairs:
        found |= _violations(page, live_site, host, [path])
    return found


def test_no_wcag_violations_on_the_innovation_pages(
    innovation_scene, live_site, live_municipalities, browser_page, chromium
):
    from cms.base.vision import VISION_COOKIE_NAME

    host = live_municipalities["a"].default_hostname
    found = _check(browser_page, live_site, _pages(innovation_scene, host))
    browser_page.goto(live_site.url(settings.REGION_DOMAIN, "/innovation/?level=regional"))
    assert TITLE in browser_page.content()
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    try:
        context.add_cookies(
            [
                {"name": VISION_COOKIE_NAME, "value": LOW_VISION, "domain": h, "path": "/"}
                for h in (host, settings.REGION_DOMAIN)
            ]
        )
        pairs = _pages(innovation_scene, host)
        found |= {f"low vision {k}": v for k, v in _check(context.new_page(), live_site, pairs).items()}
    finally:
        context.close()
    assert found == {}
