"""The anonymous page cache and the cached host resolution.

A cached page costs no query at all; the same path never crosses municipalities or low-vision
modes; publishing retires the municipality's pages (and only its); an archived municipality goes
offline at once although its host and pages were cached.
"""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from cms.base.vision import VISION_COOKIE_NAME
from cms.home.models import ContactPage
from tenants.municipalities.services import municipality_archive, municipality_domain_add, municipality_unarchive

pytestmark = pytest.mark.usefixtures("caches_store")


def _get(client, path="/", **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, response.status_code
    return response


def test_a_cached_page_costs_no_query_not_even_for_the_host(muni_a, host_client, django_assert_num_queries):
    client = host_client(muni_a)
    assert _get(client)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = _get(client)
    assert response["X-Page-Cache"] == "hit"
    assert muni_a.short_name in response.content.decode()
    assert "Set-Cookie" not in response and not response.cookies


def test_the_same_path_never_crosses_municipalities_or_vision_modes(muni_a, muni_b, host_client):
    a, b = host_client(muni_a), host_client(muni_b)
    a_lv, b_lv = host_client(muni_a), host_client(muni_b)
    for client in (a_lv, b_lv):
        client.cookies[VISION_COOKIE_NAME] = "xlarge.wb.on.wide"
    for _round in range(2):  # the first round fills the cache, the second reads it
        for client, muni, low_vision in (
            (a, muni_a, False),
            (b, muni_b, False),
            (a_lv, muni_a, True),
            (b_lv, muni_b, True),
        ):
            html = _get(client, "/kontakty/").content.decode()
            assert f'<span class="brand-name">{muni.short_name}</span>' in html
            other = muni_b if muni == muni_a else muni_a
            assert other.short_name not in html and other.contact_email not in html
            assert ("lv-font-xlarge" in html) is low_vision
    assert _get(a, "/kontakty/")["X-Page-Cache"] == "hit"
    assert _get(b_lv, "/kontakty/")["X-Page-Cache"] == "hit"


def test_the_language_is_part_of_the_key(muni_a, host_client):
    ru, en = host_client(muni_a), host_client(muni_a)
    en.cookies["django_language"] = "en"
    _get(ru), _get(en)
    assert '<html lang="ru">' in _get(ru).content.decode()
    assert '<html lang="en">' in _get(en).content.decode()


def test_publishing_retires_this_municipalitys_pages_only(muni_a, muni_b, host_client):
    a, b = host_client(muni_a), host_client(muni_b)
    _get(a, "/kontakty/"), _get(b, "/kontakty/")
    assert _get(b, "/kontakty/")["X-Page-Cache"] == "hit"
    with tenant_context(muni_a):
        page = ContactPage.objects.get()
        page.phone = "+7 (81369) 2-11-11"
        page.save_revision().publish()
    response = _get(a, "/kontakty/")
    assert response["X-Page-Cache"] == "miss" and "2-11-11" in response.content.decode()
    assert _get(b, "/kontakty/")["X-Page-Cache"] == "hit"
    # While the purge settles (the publishing transaction may not have committed), A's pages are
    # rendered afresh and not stored.
    assert _get(a, "/kontakty/")["X-Page-Cache"] == "miss"


def test_unpublishing_takes_the_page_away_at_once(muni_a, host_client):
    client = host_client(muni_a)
    _get(client, "/kontakty/"), _get(client, "/kontakty/")
    with tenant_context(muni_a):
        ContactPage.objects.get().unpublish()
    assert client.get("/kontakty/").status_code == 404


def test_an_archived_municipality_goes_offline_at_once(muni_a, host_client):
    client = host_client(muni_a)
    _get(client), _get(client)
    assert _get(client)["X-Page-Cache"] == "hit"
    municipality_archive(municipality=muni_a, acting_user=None)
    response = client.get("/")
    assert response.status_code == 503 and "переведены в архив" in response.content.decode()
    assert client.get("/kontakty/").status_code == 503
    municipality_unarchive(municipality=muni_a, acting_user=None)
    assert _get(client).status_code == 200


def test_a_new_domain_answers_at_once(muni_a, muni_b, host_client, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "metod.example.ru"]
    client = Client(HTTP_HOST="metod.example.ru")
    assert client.get("/").status_code == 404  # unknown host: not cached as anything
    municipality_domain_add(municipality=muni_b, domain="metod.example.ru", acting_user=None)
    html = _get(client).content.decode()
    assert muni_b.short_name in html


def test_signed_in_visitors_are_never_served_or_stored(muni_a, host_client, make_user):
    teacher = make_user(Role.TEACHER, muni_a)
    anonymous, signed_in = host_client(muni_a), host_client(muni_a, teacher)
    _get(anonymous), _get(anonymous)
    response = _get(signed_in)
    assert "X-Page-Cache" not in response
    assert "Мой кабинет" in response.content.decode()
    assert "Мой кабинет" not in _get(anonymous).content.decode()


def test_pages_with_a_csrf_token_are_not_stored(muni_a, host_client):
    client = host_client(muni_a)
    for _ in range(2):
        response = client.get("/accounts/login/")
        assert "X-Page-Cache" not in response


def test_nothing_is_stored_inside_a_transaction_by_default(muni_a, host_client, monkeypatch):
    import cms.base.page_cache as page_cache

    monkeypatch.undo()  # back to the real rule: the test's own transaction is open
    assert not page_cache.reads_are_committed()
    client = host_client(muni_a)
    _get(client)
    assert _get(client)["X-Page-Cache"] == "miss"  # served, but never put in the cache


def test_a_purge_asked_from_the_region_reaches_the_municipalitys_pages(muni_a, muni_b, host_client):
    """The unified calendar's services purge every municipality from the public schema."""
    from django.db import connection

    from cms.base.page_cache import page_cache_purge

    a, b = host_client(muni_a), host_client(muni_b)
    _get(a), _get(a), _get(b), _get(b)
    connection.set_schema_to_public()
    page_cache_purge(muni_a.schema_name)
    assert connection.schema_name == "public"  # the caller's schema is left as it was
    assert _get(a)["X-Page-Cache"] == "miss"
    assert _get(b)["X-Page-Cache"] == "hit"
