"""A home page rendered from cold caches costs a small fixed number of queries, whatever the
site holds; with the caches warm it costs none (tests/cms/test_site_chrome_cache.py).

Cold: the host, the site with its home page, the branding, the view restrictions, the menu (one
query: intros by subquery, no specific page per section), the event calendar, the news (only the
listed fields) and the events (only the listed columns).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from cms.home.models import StandardPage
from cms.news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.usefixtures("caches_store")

# Statements of a home page rendered with every cache empty, django-tenants' one
# ``SET search_path`` per schema switch included.
HOME_PAGE_COLD_MAX_STATEMENTS = 15


def _uncached_home(client) -> tuple[int, str]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_home_page_costs_the_same_few_queries_with_more_sections_and_news(
    muni_a, host_client, site_home, publish, django_assert_max_num_queries
):
    client = host_client(muni_a)
    client.cookies["messages"] = "bench"  # the page cache steps aside: every request renders
    client.get("/")
    before, _html = _uncached_home(client)

    home = site_home(muni_a)
    for index in range(4):
        publish(
            muni_a,
            home,
            StandardPage(
                title=f"Раздел {index}", slug=f"razdel-{index}", intro=f"Вступление {index}", show_in_menus=True
            ),
        )
    with tenant_context(muni_a):
        news_index = NewsIndexPage.objects.get()
    for index in range(5):
        publish(
            muni_a,
            news_index,
            NewsPage(
                title=f"Новость {index}", slug=f"novost-{index}", intro="Анонс", date=datetime.date(2026, 9, index + 1)
            ),
        )

    with django_assert_max_num_queries(HOME_PAGE_COLD_MAX_STATEMENTS):
        after, html = _uncached_home(client)
    assert after == before
    assert "Вступление 3" in html and "Раздел 3" in html
    assert "Новость 4" in html and "Все новости" in html
