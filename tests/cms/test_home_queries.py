"""An uncached home page costs a small fixed number of queries, whatever the site holds.

The menu is one query (intros by subquery, no specific page per section), the news skip their
bodies, view restrictions are read once, and the host comes from the cache.
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

# Statements of an uncached home page with the host and the menu cached: the site, the home page
# (and its content type), its ancestors and view restrictions, the restrictions for the lists,
# the news, the event calendar, the events, the branding — each with django-tenants'
# ``SET search_path`` before it.
HOME_PAGE_MAX_STATEMENTS = 20


def _uncached_home(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_home_page_costs_the_same_few_queries_with_more_sections_and_news(
    muni_a, host_client, site_home, publish, django_assert_max_num_queries
):
    client = host_client(muni_a)
    client.cookies["messages"] = "bench"  # the page cache steps aside: every request renders
    client.get("/")  # fills the host and menu caches
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

    # Publishing retired the cached menu: the new sections show at once, read by one query.
    _count, html = _uncached_home(client)
    assert "Вступление 3" in html and "Раздел 3" in html
    cache.clear()  # as if the purge had settled
    client.get("/")
    with django_assert_max_num_queries(HOME_PAGE_MAX_STATEMENTS):
        after, html = _uncached_home(client)
    assert after == before
    assert "Вступление 3" in html and "Раздел 3" in html
    assert "Новость 4" in html and "Все новости" in html
