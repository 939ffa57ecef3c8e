"""Public lists of a municipality are stored by the page cache as pages are: a hit runs no query,
and a client whose ETag is current gets a 304 from the cache itself."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from cms.base.page_cache import PageCacheFront
from cms.home.models import StandardPage
from tests.api.conftest import connection_kept

pytestmark = pytest.mark.usefixtures("caches_store")


def _settled() -> None:
    """Writing the test's data retired the municipality's pages and holds storing back for a
    minute (``PURGE_SETTLE_SECONDS``); the tests go on as if that minute had passed."""
    cache.clear()


def test_a_public_list_is_served_from_the_cache_with_no_query(api_client, muni_a, muni_data, django_assert_num_queries):
    muni_data(muni_a)
    _settled()
    client = api_client(muni_a)
    first = client.get("/api/v1/events/", {"per_page": 10})
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get("/api/v1/events/", {"per_page": 10})
    assert hit["X-Page-Cache"] == "hit" and hit.json() == first.json() and hit["ETag"] == first["ETag"]
    with django_assert_num_queries(0):
        not_modified = client.get("/api/v1/events/", {"per_page": 10}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]


def test_searches_and_undeclared_parameters_are_never_stored(api_client, muni_a):
    client = api_client(muni_a)
    for query in ({"q": "грамотность"}, {"x": "1"}, {"page": "01"}):
        client.get("/api/v1/resources/", query)
        assert client.get("/api/v1/resources/", query)["X-Page-Cache"] == "miss"


def test_the_wsgi_front_answers_a_list_and_its_304_without_django(api_client, muni_a, muni_data):
    muni_data(muni_a)
    _settled()
    stored = api_client(muni_a).get("/api/v1/events/")
    reached, answered = [], {}

    def django_application(environ, start_response):
        reached.append(environ)
        return WSGIHandler()(environ, start_response)

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    front = PageCacheFront(django_application)
    environ = RequestFactory().get("/api/v1/events/", HTTP_HOST=muni_a.default_hostname).environ
    assert b"".join(front(environ, start_response)) == stored.content and answered["status"] == "200 OK"
    environ = (
        RequestFactory()
        .get("/api/v1/events/", HTTP_HOST=muni_a.default_hostname, HTTP_IF_NONE_MATCH=stored["ETag"])
        .environ
    )
    assert b"".join(front(environ, start_response)) == b"" and answered["status"] == "304 Not Modified"
    assert answered["headers"]["ETag"] == stored["ETag"] and reached == []


def _server_environ(path: str, host: str) -> dict:
    """The environ a WSGI server (gunicorn) hands over: PATH_INFO percent-decoded to bytes, as
    latin-1 (PEP 3333). RequestFactory's environ is not that: building its request has already
    written the decoded path back into it."""
    environ = dict(RequestFactory().get(path, HTTP_HOST=host).environ)
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("iso-8859-1")
    return environ


def test_a_cyrillic_path_is_keyed_alike_by_the_wsgi_front_and_the_middleware(api_client, muni_a, site_home, publish):
    """A page at a Cyrillic address, asked for through the WSGI front: Django renders the miss (the
    front's look-up must leave the server's environ as it was: ``WSGIRequest`` writes the decoded
    path back into it, which Django's own handler then cannot read), the front answers the hit,
    and the middleware keys the same address alike."""
    publish(muni_a, site_home(muni_a), StandardPage(title="Новости округа", slug="новости-округа"))
    _settled()
    encoded = "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-%D0%BE%D0%BA%D1%80%D1%83%D0%B3%D0%B0/"
    reached, answered = [], {}

    def django_application(environ, start_response):
        reached.append(environ)
        return WSGIHandler()(environ, start_response)

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    front = PageCacheFront(django_application)
    with connection_kept():
        body = b"".join(front(_server_environ(encoded, muni_a.default_hostname), start_response))
    assert answered["status"] == "200 OK" and answered["headers"]["X-Page-Cache"] == "miss" and len(reached) == 1
    assert "Новости округа" in body.decode()
    body = b"".join(front(_server_environ(encoded, muni_a.default_hostname), start_response))
    assert answered["headers"]["X-Page-Cache"] == "hit" and len(reached) == 1 and "Новости округа" in body.decode()
    assert api_client(muni_a).get("/новости-округа/")["X-Page-Cache"] == "hit"


def test_a_seat_taken_retires_the_stored_list(api_client, muni_a, muni_data):
    from django_tenants.utils import tenant_context

    from tenants.events.services import registration_add_by_organiser

    event = muni_data(muni_a)["event"]
    _settled()
    client = api_client(muni_a)
    client.get("/api/v1/events/")
    assert client.get("/api/v1/events/")["X-Page-Cache"] == "hit"
    with tenant_context(muni_a):
        registration_add_by_organiser(event=event, acting_user=None, full_name="Петров", email="p@example.test")
    fresh = client.get("/api/v1/events/")
    assert fresh["X-Page-Cache"] == "miss" and fresh.json()["items"][0]["seats_free"] == 1
