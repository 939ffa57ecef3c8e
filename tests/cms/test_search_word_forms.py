"""Site and admin search understand Russian word forms (issue 19, Russian correctness item 1).

PostgreSQL's default text configuration (``english``) leaves Russian words unstemmed, so
«новость» did not find the page «Новости». The search backend indexes and queries with the
``russian`` configuration, like the resource bank's own full-text search.
"""

import datetime

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from accounts.models import Role
from cms.news.models import NewsIndexPage, NewsPage
from tenants.resources import selectors as resource_selectors


@pytest.fixture
def article_a(muni_a, publish):
    with tenant_context(muni_a):
        news = NewsIndexPage.objects.get()
        article = NewsPage(
            title="Итоги конференции молодых педагогов",
            slug="itogi-konferencii",
            date=datetime.date(2025, 11, 14),
            intro="Наставники рассказали о работе с выпускниками педагогических колледжей.",
        )
    return publish(muni_a, news, article)


def _result_links(html: str) -> str:
    return html.split('class="search-results"', 1)[1] if 'class="search-results"' in html else ""


def test_the_site_search_finds_news_by_another_form_of_the_word(muni_a, host_client):
    results = _result_links(host_client(muni_a).get("/search/", {"q": "новость"}).content.decode())
    assert 'href="/novosti/"' in results


def test_the_site_search_finds_an_article_by_other_cases_in_its_title_and_text(article_a, muni_a, host_client):
    client = host_client(muni_a)
    by_title = _result_links(client.get("/search/", {"q": "конференция педагог"}).content.decode())
    assert 'href="/novosti/itogi-konferencii/"' in by_title
    by_text = _result_links(client.get("/search/", {"q": "наставник выпускник"}).content.decode())
    assert 'href="/novosti/itogi-konferencii/"' in by_text


def test_the_site_search_stays_in_its_municipality(article_a, muni_b, host_client):
    results = _result_links(host_client(muni_b).get("/search/", {"q": "конференция"}).content.decode())
    assert "itogi-konferencii" not in results


def test_the_admin_page_search_finds_word_forms(article_a, muni_a, make_user, host_client):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        news_pk = NewsIndexPage.objects.get().pk
    client = host_client(muni_a, head)
    html = client.get("/admin/pages/search/", {"q": "новость"}).content.decode()
    assert f"/admin/pages/{news_pk}/edit/" in html
    html = client.get("/admin/pages/search/", {"q": "конференция"}).content.decode()
    assert f"/admin/pages/{article_a.pk}/edit/" in html


def test_pages_and_the_resource_bank_search_with_one_text_configuration():
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == resource_selectors.SEARCH_CONFIG == "russian"
