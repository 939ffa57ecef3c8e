"""Page types of the municipal site: where they may be created, and that they render."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from cms.home.models import AssociationIndexPage, ContactPage, HomePage, StandardPage
from cms.news.models import NewsIndexPage, NewsPage


def test_creatable_where_the_starter_site_has_none_and_not_twice(muni_a):
    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
        assert not HomePage.can_create_at(Page.get_first_root_node())
        assert StandardPage.can_create_at(home)
        # The starter site already has one of each single section.
        for single in (ContactPage, NewsIndexPage, AssociationIndexPage):
            assert not single.can_create_at(home)
        news = NewsIndexPage.objects.get()
        assert NewsPage.can_create_at(news)
        assert not NewsPage.can_create_at(home)
        assert not StandardPage.can_create_at(news)


def test_a_new_standard_page_with_every_block_renders_on_its_municipality_only(muni_a, muni_b, host_client, publish):
    body = [
        ("heading", {"text": "Программа", "level": "h2"}),
        ("paragraph", "<p>Занятия раз в месяц.</p>"),
        (
            "table",
            {"caption": "Расписание", "header": ["Месяц", "Тема"], "rows": [["Октябрь", "Портфолио педагога"]]},
        ),
        (
            "accordion",
            {
                "title": "Вопросы",
                "items": [{"heading": "Кто может участвовать?", "body": "<p>Педагоги до 35 лет.</p>"}],
            },
        ),
    ]
    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
    publish(muni_a, home, StandardPage(title="Школа молодого педагога", slug="shmp", intro="Программа", body=body))
    response = host_client(muni_a).get("/shmp/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Школа молодого педагога" in html
    assert "<caption>Расписание</caption>" in html and '<th scope="col">Месяц</th>' in html
    assert "<details><summary>Кто может участвовать?</summary>" in html
    assert host_client(muni_b).get("/shmp/").status_code == 404


def test_an_image_block_cannot_be_saved_without_its_text_alternative():
    from cms.base.blocks import ImageBlock

    with pytest.raises(ValidationError):
        ImageBlock().clean({"image": None, "alt_text": "", "caption": ""})


def test_a_quick_link_needs_a_page_or_an_address_but_not_both():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from cms.base.blocks import QuickLinkBlock

    block = QuickLinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Куда-то", "page": None, "url": ""}))
    assert block.clean(block.to_python({"title": "Минпросвещения", "page": None, "url": "https://edu.gov.ru/"}))


def test_the_starter_site_has_every_section_with_its_page_type(muni_a, host_client):
    from cms.home.starter import STARTER_SECTIONS

    with tenant_context(muni_a):
        home = Site.objects.get(is_default_site=True).root_page
        children = list(home.get_children().specific())
    assert [c.slug for c in children] == [slug for slug, *_ in STARTER_SECTIONS]
    for child, (_slug, _title, _intro, type_name) in zip(children, STARTER_SECTIONS, strict=True):
        assert child._meta.label == type_name and child.live
    for slug, *_ in STARTER_SECTIONS:
        assert host_client(muni_a).get(f"/{slug}/").status_code == 200, slug


def test_a_new_site_is_presentable_on_day_one(muni_a, host_client):
    """News with a first article, contacts with the service's e-mail, search — right after provisioning."""
    from cms.home.starter import FIRST_ARTICLE_TITLE

    client = host_client(muni_a)
    home = client.get("/").content.decode()
    assert FIRST_ARTICLE_TITLE in home
    assert 'role="search"' in home
    contacts = client.get("/kontakty/").content.decode()
    assert f'href="mailto:{muni_a.contact_email}"' in contacts
    assert muni_a.name in contacts
    article = client.get("/novosti/sajt-otkryt/")
    assert article.status_code == 200
    search = client.get("/search/", {"q": "методическая служба"}).content.decode()
    assert 'role="status"' in search


def test_contact_page_renders_phone_map_and_address(muni_a, host_client):
    with tenant_context(muni_a):
        contacts = ContactPage.objects.get()
        contacts.address = "188540, г. Сосновый Бор, ул. Ленинградская, 46"
        contacts.phone = "+7 (81369) 2-00-00"
        contacts.map_url = "https://yandex.ru/maps/-/CDabc"
        contacts.save_revision().publish()
    html = host_client(muni_a).get("/kontakty/").content.decode()
    assert 'href="tel:+78136920000"' in html
    assert 'href="https://yandex.ru/maps/-/CDabc">Показать на карте</a>' in html
    assert "ул. Ленинградская, 46" in html
