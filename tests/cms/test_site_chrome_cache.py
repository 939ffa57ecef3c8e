"""The site's chrome and the home page's lists, read once per content generation.

A page rendered afresh (the page cache stepping aside, as for a signed-in visitor) reads the
Wagtail site, the home page, the menu, the branding and the home lists from Redis; a write to the
municipality's content shows on the next request; view restrictions still hold; nothing crosses
municipalities.
"""

import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page, PageViewRestriction

from cms.base.models import SiteBranding
from cms.base.page_cache import content_cached
from cms.base.pages import SitePageMixin
from cms.home.models import StandardPage
from cms.home.selectors import HomeLists, UpcomingEvent

pytestmark = pytest.mark.usefixtures("caches_store")


def _rendering_client(host_client, municipality):
    """A visitor the page cache steps aside for: every request is rendered."""
    client = host_client(municipality)
    client.cookies["messages"] = "bench"
    return client


def _html(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert "X-Page-Cache" not in response
    return response.content.decode()


def test_every_page_type_of_the_sites_skips_restriction_queries_through_the_mixin():
    page_types = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and model.__module__.startswith(("cms.", "tenants."))
    ]
    assert len(page_types) >= 10
    for model in page_types:
        assert model.__mro__[1] is SitePageMixin, model


def test_a_rendered_home_page_reads_nothing_from_the_database_once_the_caches_are_warm(muni_a, host_client):
    client = _rendering_client(host_client, muni_a)
    _html(client)
    with CaptureQueriesContext(connection) as ctx:
        html = _html(client)
    assert ctx.captured_queries == []
    assert muni_a.short_name in html and "Новости" in html


def test_edits_show_on_the_next_rendered_page(muni_a, host_client, site_home, publish):
    client = _rendering_client(host_client, muni_a)
    _html(client)
    home = site_home(muni_a)
    publish(muni_a, home, StandardPage(title="Раздел для проверки", slug="razdel-proverka", show_in_menus=True))
    assert "Раздел для проверки" in _html(client)
    with tenant_context(muni_a):
        home = Page.objects.get(pk=home.pk).specific
        home.intro = "Новое вступление главной"
        home.save_revision().publish()
        branding = SiteBranding.objects.get()
        branding.primary_colour = "#123456"
        branding.save()
    html = _html(client)
    assert "Новое вступление главной" in html and "--brand-dark: #123456" in html


def test_the_home_page_with_quick_links_and_blocks_survives_the_chrome_cache(muni_a, host_client, site_home):
    with tenant_context(muni_a):
        home = Page.objects.get(pk=site_home(muni_a).pk).specific
        home.quick_links = [
            ("link", {"title": "Электронный дневник", "page": None, "url": "https://dnevnik.example.ru"})
        ]
        home.body = [("heading", {"text": "Наши задачи", "level": "h2"}), ("paragraph", "<p>Помогать учителям.</p>")]
        home.save_revision().publish()
    cache.clear()  # as if the purge had settled: the chrome is stored this time
    client = _rendering_client(host_client, muni_a)
    first = _html(client)
    second = _html(client)  # the home page now comes from the cache
    for html in (first, second):
        assert "Электронный дневник" in html and "https://dnevnik.example.ru" in html
        assert "Наши задачи" in html and "Помогать учителям." in html


def test_chromes_never_cross_municipalities(muni_a, muni_b, host_client, site_home, publish):
    publish(muni_a, site_home(muni_a), StandardPage(title="Только у А", slug="tolko-a", show_in_menus=True))
    cache.clear()
    a, b = _rendering_client(host_client, muni_a), _rendering_client(host_client, muni_b)
    for _round in range(2):
        html_a, html_b = _html(a), _html(b)
        assert "Только у А" in html_a and "Только у А" not in html_b
        assert muni_b.short_name in html_b and muni_a.short_name not in html_b


def test_home_lists_never_cross_municipalities(muni_a, muni_b, host_client, publish):
    from cms.news.models import NewsIndexPage, NewsPage

    with tenant_context(muni_a):
        news_index = NewsIndexPage.objects.get()
    publish(muni_a, news_index, NewsPage(title="Новость только у А", slug="novost-a", intro="Только для А."))
    cache.clear()
    a, b = _rendering_client(host_client, muni_a), _rendering_client(host_client, muni_b)
    for _round in range(2):  # the second round reads the lists from the cache
        html_a, html_b = _html(a), _html(b)
        assert "Новость только у А" in html_a and "Новость только у А" not in html_b


def test_a_restricted_page_stays_restricted(muni_a, host_client, site_home, publish):
    page = publish(muni_a, site_home(muni_a), StandardPage(title="Для своих", slug="dlya-svoih", intro="Секрет"))
    with tenant_context(muni_a):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x1")
    cache.clear()
    client = _rendering_client(host_client, muni_a)
    for _ in range(2):
        html = client.get("/dlya-svoih/").content.decode()
        assert "Секрет" not in html and 'name="password"' in html


def test_a_cached_value_is_computed_afresh_once_its_moment_has_passed(muni_a):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    soon = timezone.now() + datetime.timedelta(hours=1)
    past = timezone.now() - datetime.timedelta(seconds=1)
    with tenant_context(muni_a):
        assert content_cached("lasting", compute, expires=lambda _v: soon) == 1
        assert content_cached("lasting", compute, expires=lambda _v: soon) == 1
        assert content_cached("passing", compute, expires=lambda _v: past) == 2
        assert content_cached("passing", compute, expires=lambda _v: past) == 3


def test_the_home_lists_turn_stale_when_the_first_coming_event_starts():
    first = timezone.now() + datetime.timedelta(days=1)
    events = [
        UpcomingEvent(title="Позже", starts_at=first + datetime.timedelta(days=3), place="", url="/"),
        UpcomingEvent(title="Раньше", starts_at=first, place="", url="/"),
    ]
    assert HomeLists(news=[], events=events).stale_from() == first
    assert HomeLists(news=[], events=[]).stale_from() is None
