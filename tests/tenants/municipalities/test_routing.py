"""Host → schema routing: region, municipality, extra domain, unknown host, archived."""

from django.conf import settings
from django.test import Client

from tenants.municipalities.services import municipality_archive, municipality_domain_add, municipality_unarchive


def test_region_host_serves_the_portal_listing_municipalities(muni_a, muni_b, host_client):
    response = host_client().get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert muni_a.name in body and muni_b.name in body
    assert settings.REGION_NAME in body


def test_municipality_host_serves_its_own_home_page(muni_a, muni_b, host_client):
    a = host_client(muni_a).get("/")
    b = host_client(muni_b).get("/")
    assert a.status_code == b.status_code == 200
    assert muni_a.short_name in a.content.decode() and muni_b.short_name not in a.content.decode()
    assert muni_b.short_name in b.content.decode() and muni_a.short_name not in b.content.decode()


def test_starter_sections_are_live_on_every_municipality(muni_a, host_client):
    response = host_client(muni_a).get("/kontakty/")
    assert response.status_code == 200
    assert "Контакты" in response.content.decode()


def test_extra_domain_routes_to_the_same_municipality(muni_a):
    municipality_domain_add(municipality=muni_a, domain="metod.alpha-city.ru", acting_user=None)
    response = Client(HTTP_HOST="metod.alpha-city.ru").get("/")
    assert response.status_code == 200
    assert muni_a.short_name in response.content.decode()


def test_unknown_host_gets_a_404_page_not_a_500(db, settings):
    response = Client(HTTP_HOST="no-such-place." + settings.REGION_DOMAIN).get("/")
    assert response.status_code == 404
    assert "Такого сайта нет" in response.content.decode()


def test_host_outside_the_region_and_the_registry_is_rejected_without_error(db):
    response = Client(HTTP_HOST="evil.example.com").get("/")
    assert response.status_code == 400


def test_archived_municipality_is_offline_for_public_and_staff_and_comes_back(muni_a, methodologist_a, host_client):
    municipality_archive(municipality=muni_a, acting_user=None)
    public = host_client(muni_a).get("/")
    staff = host_client(muni_a, methodologist_a).get("/admin/")
    for response in (public, staff):
        assert response.status_code == 503
        assert "переведены в архив" in response.content.decode()
    municipality_unarchive(municipality=muni_a, acting_user=None)
    assert host_client(muni_a).get("/").status_code == 200
