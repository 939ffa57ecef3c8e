"""The anonymous page cache of the municipalities' public sites.

A visitor without a session gets a page rendered earlier for the same municipality (schema and
host), path and query, language and low-vision preferences — straight from Redis, before the
session, authentication or any view runs, so a hit costs no database query (the host is resolved
from the cache too, see ``MunicipalityMiddleware``).

What is never stored: anything for a visitor with a session cookie or pending messages, answers
that set a cookie (forms put the CSRF token in one), private or non-200 answers, the admin,
accounts and file views, anything rendered inside an open transaction (what it read may still
roll back), and a page asked for with a query string its view did not declare
(``page_cache_query_declare``): ``?x=<random>`` on every request must not fill Redis.

Every write to a municipality's public content moves that municipality's cache generation on,
which retires all of its stored pages at once and touches no other municipality; for a minute
after that nothing is stored for it, so that a page rendered before the writing transaction
commits is never kept (this needs no after-commit callback).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.encoding import escape_uri_path

from cms.base.vision import vision_preferences
from metodika.language import chosen_language
from metodika.metrics import page_cache_counted
from metodika.redis_cache import CacheUnavailable, schema_cache
from tenants.municipalities.dispatch import task_send_later
from tenants.municipalities.middleware import host_tenant_lookup_with, request_hostname
from tenants.municipalities.models import Municipality

logger = logging.getLogger(__name__)

PAGE_CACHE_TIMEOUT = 600
# After a purge nothing is stored for this long: a page rendered while the purging transaction is
# still open would show the old rows under the new generation. Transactions are far shorter.
PURGE_SETTLE_SECONDS = 60
# Paths that are personal, stateful or served by views that check permissions per request.
UNCACHED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/cabinet/",
    "/documents/",
    "/media/",
    "/static/",
    "/i18n/",
    "/preferences/",
    "/growth/",
    "/_util/",
)


def _generation_key(schema_name: str) -> str:
    return f"site-pages:generation:{schema_name}"


def _settling_key(schema_name: str) -> str:
    return f"site-pages:settling:{schema_name}"


def page_cache_generation(schema_name: str) -> int:
    """The municipality's cache generation, whatever schema is active."""
    key = (schema_name, _generation_key(schema_name))
    return int(schema_cache().get_many_in_schemas([key]).get(key) or 0)


def page_cache_purge(schema_name: str) -> None:
    """Retire every stored page of one municipality, from whatever schema is active."""
    page_cache_purge_many([schema_name])


def page_cache_purge_many(schema_names: Iterable[str]) -> None:
    """Retire every stored page of these municipalities, in one round trip to Redis.

    Each municipality's generation moves on and its purge starts settling; the keys are the ones
    the middleware reads with that municipality's schema active, whatever schema is active here.
    While the cache's Redis is down nothing is stored, but the pages stored before may still be
    there when it comes back: the purge is left for beat to do again then (``tasks``).
    """
    schema_names = sorted(set(schema_names))
    try:
        with schema_cache().pipeline_in_schemas() as pipeline:
            for schema_name in schema_names:
                pipeline.set(schema_name, _settling_key(schema_name), 1, PURGE_SETTLE_SECONDS)
                pipeline.incr(schema_name, _generation_key(schema_name))
    except CacheUnavailable:
        task_send_later("cms.base.tasks.page_cache_purge_task", schema_name="public", schema_names=schema_names)


def page_cache_purge_current() -> None:
    """Purge the municipality whose schema is active (the region has no cached pages)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Municipality):
        page_cache_purge(tenant.schema_name)


def reads_are_committed() -> bool:
    """False inside a transaction: a page rendered from uncommitted rows must not be shared."""
    return not connection.in_atomic_block


def content_cached(
    name: str, compute: Callable[[], Any], *, expires: Callable[[Any], datetime.datetime | None] | None = None
) -> Any:
    """A value read from the active municipality's public content, kept until its next write.

    For the pieces pages show (the menu, the site's chrome, the home page's lists): stored with
    the generation it was computed in, and read in the same round trip as the current generation,
    so a write retires it with the pages; never stored while a purge settles or inside a
    transaction. ``expires(value)`` gives the moment a value turns stale by the clock alone (the
    start of the first "coming" event), after which it is computed afresh. Outside a
    municipality it is computed every time.
    """
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Municipality):
        return compute()
    schema_name = tenant.schema_name
    gen_key, settling_key, key = _generation_key(schema_name), _settling_key(schema_name), f"site-content:{name}"
    values = cache.get_many([gen_key, settling_key, key])
    generation = int(values.get(gen_key) or 0)
    found = values.get(key)
    if isinstance(found, tuple) and len(found) == 3 and found[0] == generation:
        expires_at = found[2]
        if expires_at is None or timezone.now() < expires_at:
            return found[1]
    value = compute()
    if settling_key not in values and reads_are_committed():
        cache.set(key, (generation, value, expires(value) if expires is not None else None), PAGE_CACHE_TIMEOUT)
    return value


MAX_QUERY_LENGTH = 1024
# Added to links by mailings, search engines and ad networks, and read by no page: left out of the
# key, so such a link is answered with the page stored for the plain address.
TRACKING_PARAMETERS = frozenset({"yclid", "ysclid", "gclid", "fbclid", "_openstat"})
# Where a view leaves the query parameters it declared (see ``page_cache_query_declare``).
_DECLARED_QUERY_ATTR = "_page_cache_query"


def _is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def _query_items(request: HttpRequest) -> list[tuple[str, str]]:
    """The query's parameters, tracking ones left out, in one order whatever order was asked."""
    if not request.META.get("QUERY_STRING"):
        return []
    return sorted((name, value) for name, values in request.GET.lists() for value in values if not _is_tracking(name))


def page_cache_query_declare(request: HttpRequest, **canonical: str) -> None:
    """Declare the query parameters this page's content depends on, with the values it used.

    A page asked for with a query string is stored only if every parameter in it (tracking ones
    aside) was declared here, once, with exactly the value asked for. So a view declares the
    canonical form of what it understood (the page number it showed, a filter it recognised) and
    leaves out what is unbounded (free-text search): ``?page=99999`` showing the last page,
    ``?level=nonsense`` showing everything, ``?q=…`` or ``?x=<random>`` are answered, never
    stored, and the entries a page can have are bounded by its content.
    """
    setattr(request, _DECLARED_QUERY_ATTR, canonical)


def page_cache_year_choice(request: HttpRequest, years: Iterable[int]) -> int | None:
    """The academic year a page of results was asked for (``?year=``), if it is one of ``years``,
    declared as the page's query; None (and nothing declared) otherwise."""
    raw = request.GET.get("year", "")
    chosen = int(raw) if raw.isdigit() and int(raw) in years else None
    page_cache_query_declare(request, **({"year": str(chosen)} if chosen is not None else {}))
    return chosen


def _query_is_declared(request: HttpRequest) -> bool:
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return True
    if any(_is_tracking(name) for name in request.GET):
        return False  # the page may show its address (a form's "next"): stored from the plain one
    declared: dict[str, str] = getattr(request, _DECLARED_QUERY_ATTR, None) or {}
    items = _query_items(request)
    if len({name for name, _value in items}) != len(items):
        return False  # a parameter given twice
    return all(declared.get(name) == value for name, value in items)


def _page_key(request: HttpRequest, schema_name: str, raw_host: str) -> str:
    """Where a page is stored; the generation it was rendered in is stored with it."""
    address = escape_uri_path(request.path)
    items = _query_items(request)
    if items:
        address += "?" + urlencode(items)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return ":".join(
        (
            "site-pages",
            schema_name,
            raw_host,
            chosen_language(request),
            vision_preferences(request).cache_token(),
            digest,
        )
    )


def _request_may_be_cached(request: HttpRequest) -> bool:
    """What can be told before routing: an anonymous GET of a public path, over HTTPS where the
    site insists on it (else the security middleware's redirect must answer)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False  # no page declares so much; not worth parsing before routing
    return not request.path.startswith(UNCACHED_PREFIXES)


def _response_is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Municipality) or tenant.is_archived:
        return False
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.headers.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "_cached_user", None)  # only if something asked; never load it here
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return False
    return _query_is_declared(request) and reads_are_committed()


StoredPage = tuple[int, bytes, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class PageLookup:
    """What the cache knows of an anonymous GET on a municipality's host."""

    hostname: str
    tenant: Municipality | None
    key: str = ""
    generation: int = 0
    settling: bool = True
    stored: StoredPage | None = None


# Where the WSGI front leaves its lookup for the middleware (the same request, one round trip).
LOOKUP_ENVIRON_KEY = "metodika.page_cache.lookup"


def page_cache_lookup(request: HttpRequest) -> PageLookup | None:
    """The stored page for ``request``, if any, read before routing; None when the request is not
    one the cache answers (method, cookies, path, plain HTTP where HTTPS is required, the region).

    One round trip to Redis on a process that has seen the host before: the host's entry in the
    region's cache, and the page, the generation and the purge state in the municipality's — the
    page only counts if the entry read with it still names that municipality, and never for an
    archived one.
    """
    if not _request_may_be_cached(request):
        return None
    raw_host, hostname = request_hostname(request)
    if not hostname or hostname == settings.REGION_DOMAIN:
        return None

    def schema_keys(schema_name: str) -> list[str]:
        return [_page_key(request, schema_name, raw_host), _generation_key(schema_name), _settling_key(schema_name)]

    tenant, values = host_tenant_lookup_with(hostname, schema_keys)
    if not isinstance(tenant, Municipality) or tenant.is_archived:
        return PageLookup(hostname=hostname, tenant=tenant)
    schema_name = tenant.schema_name
    key, gen_key, settling_key = schema_keys(schema_name)
    if values is None:  # a host new to this process: a second round trip
        found = schema_cache().get_many_in_schemas((schema_name, k) for k in (key, gen_key, settling_key))
        values = {k: value for (_schema, k), value in found.items()}
    generation = int(values.get(gen_key) or 0)
    cached: Any = values.get(key)
    hit = isinstance(cached, tuple) and len(cached) == 3 and cached[0] == generation
    return PageLookup(
        hostname=hostname,
        tenant=tenant,
        key=key,
        generation=generation,
        settling=settling_key in values,
        stored=cached if hit else None,
    )


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous pages of municipality sites; the first middleware of all.

    A hit is answered before routing (see ``page_cache_lookup``; in production the WSGI front,
    ``PageCacheFront``, answers it even before Django's handler), with the headers the rest of
    the chain gave the page when it was stored, security headers included. A miss goes down the
    whole chain (``MunicipalityMiddleware`` reuses the host found here) and is stored if it may be.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if LOOKUP_ENVIRON_KEY in request.META:
            lookup: PageLookup | None = request.META[LOOKUP_ENVIRON_KEY]
        else:
            lookup = page_cache_lookup(request)
        if lookup is None:
            return self.get_response(request)
        request._host_tenant = (lookup.hostname, lookup.tenant)  # type: ignore[attr-defined]
        if lookup.stored is not None:
            page_cache_counted(hit=True)
            if _stored_is_current(lookup.stored, request.META.get("HTTP_IF_NONE_MATCH")):
                return _not_modified_response(lookup.stored)
            return _stored_response(lookup.stored, head=request.method == "HEAD")
        response = self.get_response(request)
        tenant = lookup.tenant
        if not isinstance(tenant, Municipality) or tenant.is_archived or getattr(request, "tenant", None) is not tenant:
            return response  # not routed to the municipality looked up here: never stored under it
        response["X-Page-Cache"] = "miss"
        page_cache_counted(hit=False)
        if not lookup.settling and _response_is_storable(request, response):
            # Stored with the generation read before rendering: if a purge moved it meanwhile,
            # the page no longer matches and is rendered afresh on the next request.
            stored = _stored_form(lookup.generation, response)
            schema_cache().set_in_schema(tenant.schema_name, lookup.key, stored, PAGE_CACHE_TIMEOUT)
        return response


class PageCacheFront:
    """WSGI in front of Django's handler: a stored page is answered without the handler, its
    signals or the middleware chain (``metodika.wsgi`` wraps the application in it). Anything
    else goes to Django with the lookup already made, so a miss costs no second round trip."""

    def __init__(self, application: Callable[..., Any]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        try:
            # A copy: ``WSGIRequest`` writes the decoded path back into the environ it is given
            # (``META["PATH_INFO"]``), and Django's handler, reading it again as the server's
            # latin-1, would fail on any non-Latin address (a Cyrillic page slug).
            lookup = page_cache_lookup(WSGIRequest(environ.copy()))
        except Exception:
            # Redis or the registry failing here must get Django's own answer (its error page,
            # its logging), not a bare server error: the middleware looks again inside Django.
            logger.exception("Page cache front: lookup failed, handing the request to Django")
            return self.application(environ, start_response)
        if lookup is None or lookup.stored is None:
            environ[LOOKUP_ENVIRON_KEY] = lookup
            return self.application(environ, start_response)
        _generation, content, headers = lookup.stored
        page_cache_counted(hit=True)
        if _stored_is_current(lookup.stored, environ.get("HTTP_IF_NONE_MATCH")):
            start_response("304 Not Modified", [*_not_modified_headers(lookup.stored), ("X-Page-Cache", "hit")])
            return [b""]
        head = environ.get("REQUEST_METHOD") == "HEAD"
        start_response("200 OK", [*headers, ("X-Page-Cache", "hit")])
        return [b"" if head else content]


def _stored_form(generation: int, response: HttpResponseBase) -> StoredPage:
    """The generation, the rendered bytes and the headers: cheap to pickle and to serve."""
    assert isinstance(response, HttpResponse)
    headers = tuple((name, value) for name, value in response.items() if name != "X-Page-Cache")
    return generation, response.content, headers


# Headers a 304 repeats from the stored answer (RFC 9110 §15.4.5).
_NOT_MODIFIED_HEADERS = frozenset({"etag", "last-modified", "cache-control", "vary", "expires", "content-location"})


def _stored_is_current(stored: StoredPage, if_none_match: str | None) -> bool:
    """The client already holds this stored answer: its ``If-None-Match`` names the stored ETag
    (the API's lists carry one; pages carry none, so they are always sent whole)."""
    if not if_none_match:
        return False
    etag = next((value for name, value in stored[2] if name.lower() == "etag"), None)
    if etag is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


def _not_modified_headers(stored: StoredPage) -> list[tuple[str, str]]:
    return [(name, value) for name, value in stored[2] if name.lower() in _NOT_MODIFIED_HEADERS]


def _not_modified_response(stored: StoredPage) -> HttpResponse:
    response = HttpResponseNotModified()
    for name, value in _not_modified_headers(stored):
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _stored_response(stored: StoredPage, *, head: bool) -> HttpResponse:
    _generation, content, headers = stored
    response = HttpResponse(b"" if head else content, headers=dict(headers))
    response["X-Page-Cache"] = "hit"
    if head:
        response["Content-Length"] = str(len(content))
    return response
