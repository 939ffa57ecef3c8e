"""The anonymous page cache and the cached host resolution.

A cached page costs no query at all; the same path never crosses municipalities or low-vision
modes; publishing retires the municipality's pages (and only its); an archived municipality goes
offline at once although its host and pages were cached.
"""

import pytest
from django.conf import settings
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


def test_purging_many_municipalities_retires_each_ones_pages(muni_a, muni_b, host_client):
    from django.db import connection

    from cms.base.page_cache import page_cache_purge_many

    a, b = host_client(muni_a), host_client(muni_b)
    _get(a), _get(a), _get(b), _get(b)
    assert _get(a)["X-Page-Cache"] == _get(b)["X-Page-Cache"] == "hit"
    connection.set_schema_to_public()
    page_cache_purge_many([muni_a.schema_name, muni_b.schema_name])
    assert _get(a)["X-Page-Cache"] == _get(b)["X-Page-Cache"] == "miss"
    # Settling: nothing is stored for a while after a purge (a commit may still be on its way).
    assert _get(a)["X-Page-Cache"] == _get(b)["X-Page-Cache"] == "miss"


def test_a_hit_costs_one_round_trip_to_redis(muni_a, host_client, monkeypatch):
    from django.core.cache.backends.redis import RedisCacheClient

    client = host_client(muni_a)
    _get(client, "/kontakty/"), _get(client, "/kontakty/")  # this process has seen the host now
    calls = []
    for name in ("get", "get_many", "set", "has_key", "incr"):
        original = getattr(RedisCacheClient, name)
        monkeypatch.setattr(
            RedisCacheClient, name, lambda self, *a, _n=name, _o=original, **k: calls.append(_n) or _o(self, *a, **k)
        )
    assert _get(client, "/kontakty/")["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]


def test_a_hit_carries_the_headers_the_whole_chain_gave_the_page(muni_a, host_client):
    client = host_client(muni_a)
    miss, hit = _get(client), _get(client)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    chain_headers = {"X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"}
    assert chain_headers <= set(miss.headers)
    assert {k: v for k, v in hit.items() if k != "X-Page-Cache"} == {
        k: v for k, v in miss.items() if k != "X-Page-Cache"
    }


def test_plain_http_is_redirected_not_served_from_the_cache_where_https_is_required(muni_a, host_client, settings):
    settings.SECURE_SSL_REDIRECT = True
    client = host_client(muni_a)
    _get(client, secure=True), _get(client, secure=True)
    assert _get(client, secure=True)["X-Page-Cache"] == "hit"
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_a_host_is_only_served_pages_of_the_municipality_its_entry_names_now(muni_a, muni_b, host_client):
    """The process's guess of a host's schema is only a guess: a page stored under the host in
    another schema (say, the host belonged to B before) is never served for A."""
    from django_tenants.utils import schema_context

    import tenants.municipalities.middleware as middleware
    from cms.base import page_cache
    from metodika.redis_cache import schema_cache

    client = host_client(muni_a)
    _get(client)  # the host entry names A
    host = muni_a.default_hostname
    with schema_context(muni_b.schema_name):
        generation = page_cache.page_cache_generation(muni_b.schema_name)
    request = client.get("/").wsgi_request
    key = page_cache._page_key(request, muni_b.schema_name, host)
    forged = (generation, b"<html>FORMER OWNER</html>", (("Content-Type", "text/html"),))
    schema_cache().set_in_schema(muni_b.schema_name, key, forged, 600)
    middleware._HOST_SCHEMA_GUESSES[host] = muni_b.schema_name
    try:
        response = _get(client)
        assert b"FORMER OWNER" not in response.content
        assert muni_a.short_name in response.content.decode()
        assert middleware._HOST_SCHEMA_GUESSES[host] == muni_a.schema_name  # corrected
    finally:
        middleware._HOST_SCHEMA_GUESSES.pop(host, None)


def test_the_wsgi_front_answers_a_stored_page_without_reaching_django(muni_a, host_client, monkeypatch):
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    from cms.base.page_cache import LOOKUP_ENVIRON_KEY, PageCacheFront

    client = host_client(muni_a)
    _get(client, "/kontakty/"), _get(client, "/kontakty/")  # stored
    reached = []

    def django_application(environ, start_response):
        reached.append(environ)
        return WSGIHandler()(environ, start_response)

    front = PageCacheFront(django_application)
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    def call(path, **extra):
        environ = RequestFactory().get(path, HTTP_HOST=muni_a.default_hostname, **extra).environ
        return b"".join(front(environ, start_response))

    body = call("/kontakty/")
    assert reached == [] and answered["status"] == "200 OK"
    assert answered["headers"]["X-Page-Cache"] == "hit" and muni_a.short_name in body.decode()
    # Anything else reaches Django, with the lookup made (not repeated by the middleware).
    lookups = _NotCacheable()
    monkeypatch.setattr("cms.base.page_cache.page_cache_lookup", lookups)
    call("/kontakty/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert len(reached) == 1 and reached[0][LOOKUP_ENVIRON_KEY] is None
    assert lookups.calls == 1  # the front's own call, not repeated by the middleware


def test_the_wsgi_front_hands_a_failed_lookup_to_django(muni_a, monkeypatch, caplog):
    from django.test import RequestFactory

    from cms.base.page_cache import LOOKUP_ENVIRON_KEY, PageCacheFront

    def failing_lookup(request):
        raise ConnectionError("Redis is down")

    reached = []

    def django_application(environ, start_response):
        reached.append(environ)
        start_response("503 Service Unavailable", [])
        return [b"django's answer"]

    monkeypatch.setattr("cms.base.page_cache.page_cache_lookup", failing_lookup)
    environ = RequestFactory().get("/", HTTP_HOST=muni_a.default_hostname).environ
    body = b"".join(PageCacheFront(django_application)(environ, lambda status, headers, exc_info=None: None))
    assert body == b"django's answer" and len(reached) == 1
    assert LOOKUP_ENVIRON_KEY not in reached[0]  # the middleware looks again, inside Django
    assert "lookup failed" in caplog.text


class _NotCacheable:
    """A page_cache_lookup stand-in that answers 'not cacheable' and counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        return None


def test_the_production_wsgi_application_is_the_front():
    from cms.base.page_cache import PageCacheFront
    from metodika.health import HealthFront
    from metodika.wsgi import application

    # Only the health probes (answered before host routing) come before the page cache's front.
    assert isinstance(application, HealthFront) and isinstance(application.application, PageCacheFront)


def _stored_pages(municipality) -> int:
    """How many pages of ``municipality`` Redis holds (every language, mode and address)."""
    from metodika.redis_cache import schema_cache

    store = schema_cache()
    pattern = store.schema_key(municipality.schema_name, f"site-pages:{municipality.schema_name}:*")
    return sum(1 for _key in store._client().get_client().scan_iter(match=pattern, count=1000))


def test_unknown_query_parameters_are_answered_but_never_stored(muni_a, host_client):
    import uuid

    client = host_client(muni_a)
    _get(client, "/o-sluzhbe/"), _get(client, "/kontakty/")
    stored = _stored_pages(muni_a)
    assert stored == 2
    for path in ("/", "/o-sluzhbe/", "/novosti/", "/meropriyatiya/"):
        for query in ("utm=1", f"x={uuid.uuid4().hex}", "page=1&page=2"):
            for _round in range(2):
                assert _get(client, f"{path}?{query}")["X-Page-Cache"] == "miss"
    # Values a page understood differently from what was asked: the last page for ?page=999, the
    # whole list for an unknown level or tag, free-text search, months far away.
    for address in (
        "/novosti/?page=999",
        "/novosti/?tag=" + uuid.uuid4().hex,
        "/luchshie-praktiki/?level=nonsense",
        "/bank-materialov/?q=" + uuid.uuid4().hex,
        "/bank-materialov/?subject=987654",
        "/meropriyatiya/?month=2099-01",
        "/meropriyatiya/?kind=nonsense",
        "/search/?q=" + uuid.uuid4().hex,
    ):
        _get(client, address), _get(client, address)
        assert _get(client, address)["X-Page-Cache"] == "miss", address
    assert _stored_pages(muni_a) == stored


def test_declared_query_parameters_are_stored_in_any_order(muni_a, host_client):
    from django.utils import timezone

    from tenants.events.calendar import Month

    client = host_client(muni_a)
    this_month = str(Month.parse(None, today=timezone.localdate()))
    for address in (
        "/novosti/?page=1",
        "/luchshie-praktiki/?level=municipal",
        "/bank-materialov/?q=&kind=&subject=&page=1",
        f"/meropriyatiya/?view=list&month={this_month}",
        f"/meropriyatiya/?kind=&audience=&view=month&month={this_month}",
    ):
        assert _get(client, address)["X-Page-Cache"] == "miss", address
        assert _get(client, address)["X-Page-Cache"] == "hit", address
    # The same parameters in another order are the same entry.
    assert _get(client, f"/meropriyatiya/?month={this_month}&view=list")["X-Page-Cache"] == "hit"
    assert _stored_pages(muni_a) == 5


def test_tracking_parameters_are_served_the_plain_page_and_store_nothing(muni_a, host_client):
    client = host_client(muni_a)
    assert _get(client, "/kontakty/?utm_source=newsletter")["X-Page-Cache"] == "miss"
    assert _stored_pages(muni_a) == 0  # the page shows its own address: stored from the plain one
    _get(client, "/kontakty/"), _get(client, "/kontakty/")
    hit = _get(client, "/kontakty/?utm_source=newsletter&utm_medium=email&yclid=42")
    assert hit["X-Page-Cache"] == "hit" and "utm_source" not in hit.content.decode()
    assert _stored_pages(muni_a) == 1


def test_a_huge_query_is_answered_uncached_without_being_parsed_before_routing(muni_a, host_client):
    query = "&".join(f"f{i}=1" for i in range(1500))  # more fields than Django agrees to parse
    response = host_client(muni_a).get(f"/kontakty/?{query}")
    assert response.status_code == 200 and "X-Page-Cache" not in response
