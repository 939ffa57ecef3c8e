"""News: articles with tags, the tag filter, the RSS feed of each municipality's own news."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from cms.news.models import NewsIndexPage, NewsPage

# Newer than the starter article, which provisioning dates today.
TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


@pytest.fixture
def article_a(muni_a, publish):
    with tenant_context(muni_a):
        news = NewsIndexPage.objects.get()
        article = NewsPage(
            title="Итоги конференции молодых педагогов",
            slug="itogi-konferencii",
            date=TOMORROW,
            intro="В конференции участвовали 120 педагогов.",
        )
        article.tags.add("конференции", "молодые педагоги")
    return publish(muni_a, news, article)


def test_the_index_lists_articles_newest_first_and_filters_by_tag(article_a, muni_a, host_client):
    client = host_client(muni_a)
    html = client.get("/novosti/").content.decode()
    assert html.index("Итоги конференции молодых педагогов") < html.index("Сайт методической службы открыт")
    assert 'href="/novosti/?tag=%D0%BA%D0%BE%D0%BD%D1%84%D0%B5%D1%80%D0%B5%D0%BD%D1%86%D0%B8%D0%B8"' in html
    assert 'type="application/rss+xml"' in html and 'href="/novosti/rss/"' in html

    tagged = client.get("/novosti/", {"tag": "конференции"}).content.decode()
    assert "Итоги конференции" in tagged and "Сайт методической службы открыт" not in tagged
    article = client.get("/novosti/itogi-konferencii/").content.decode()
    assert '<meta property="og:type" content="article">' in article
    assert f'<meta property="article:published_time" content="{TOMORROW:%Y-%m-%d}">' in article


def test_the_feed_is_valid_rss_of_this_municipality_only(article_a, muni_a, muni_b, host_client):
    response = host_client(muni_a).get("/novosti/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 — our own output
    assert channel is not None
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "Итоги конференции молодых педагогов"
    first = channel.findall("item")[0]
    assert first.findtext("link") == f"http://{muni_a.default_hostname}/novosti/itogi-konferencii/"
    assert {c.text for c in first.findall("category")} == {"конференции", "молодые педагоги"}
    assert muni_a.short_name in (channel.findtext("title") or "")

    other = ET.fromstring(host_client(muni_b).get("/novosti/rss/").content).find("channel")  # noqa: S314 — our own output
    assert other is not None
    assert "Итоги конференции молодых педагогов" not in [i.findtext("title") for i in other.findall("item")]


def test_an_article_with_a_picture_needs_its_description(muni_a):
    from wagtail.images.models import Image

    with tenant_context(muni_a):
        article = NewsPage(title="Фото", slug="foto", intro="…", image=Image(pk=1, title="x"), image_alt=" ")
        article.image_id = 1
        with pytest.raises(ValidationError) as error:
            article.clean()
    assert "image_alt" in error.value.message_dict


def test_demo_news_is_idempotent_and_tagged(muni_a, host_client):
    from cms.home.demo import DEMO_ARTICLES, demo_seed

    with tenant_context(muni_a):
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert NewsPage.objects.live().count() == len(DEMO_ARTICLES) + 1
        assert NewsPage.objects.filter(tags__name="конкурсы").count() == 1
    html = host_client(muni_a).get("/novosti/").content.decode()
    assert "Муниципальный этап конкурса" in html
    assert "ул. Ленина" in host_client(muni_a).get("/kontakty/").content.decode()
