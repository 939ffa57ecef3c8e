"""The anonymous page cache of the municipalities' public sites.

A visitor without a session gets a page rendered earlier for the same municipality (schema and
host), path and query, language and low-vision preferences — straight from Redis, before the
session, authentication or any view runs, so a hit costs no database query (the host is resolved
from the cache too, see ``MunicipalityMiddleware``).

What is never stored: anything for a visitor with a session cookie or pending messages, answers
that set a cookie (forms put the CSRF token in one), private or non-200 answers, the admin,
accounts and file views, and anything rendered inside an open transaction (what it read may still
roll back). Every write to a municipality's public content moves that municipality's cache
generation on, which retires all of its stored pages at once and touches no other municipality;
for a minute after that nothing is stored for it, so that a page rendered before the writing
transaction commits is never kept (this needs no after-commit callback).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from cms.base.vision import vision_preferences
from metodika.language import chosen_language
from tenants.municipalities.models import Municipality

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


def page_cache_state(schema_name: str) -> tuple[int, bool]:
    """The municipality's cache generation, and whether a purge is still settling (one round trip)."""
    gen_key, settling_key = _generation_key(schema_name), _settling_key(schema_name)
    values = cache.get_many([gen_key, settling_key])
    return int(values.get(gen_key) or 0), settling_key in values


def page_cache_generation(schema_name: str) -> int:
    return page_cache_state(schema_name)[0]


def page_cache_purge(schema_name: str) -> None:
    """Retire every stored page of one municipality, from whatever schema is active.

    The cache's key function prefixes the active schema, and the middleware reads the generation
    with the municipality's schema active: the write must be made there too.
    """
    from django_tenants.utils import schema_context

    key = _generation_key(schema_name)
    with schema_context(schema_name):
        cache.set(_settling_key(schema_name), 1, PURGE_SETTLE_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=None)


def page_cache_purge_current() -> None:
    """Purge the municipality whose schema is active (the region has no cached pages)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Municipality):
        page_cache_purge(tenant.schema_name)


def reads_are_committed() -> bool:
    """False inside a transaction: a page rendered from uncommitted rows must not be shared."""
    return not connection.in_atomic_block


def content_cached(name: str, compute: Callable[[], Any]) -> Any:
    """A value read from the active municipality's public content, kept until its next write.

    For the pieces every page shows (the menu): stored under the same generation as the pages,
    so a write retires it with them; never stored while a purge settles or inside a transaction.
    Outside a municipality it is computed every time.
    """
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Municipality):
        return compute()
    generation, settling = page_cache_state(tenant.schema_name)
    key = f"site-content:{tenant.schema_name}:{generation}:{name}"
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    if not settling and reads_are_committed():
        cache.set(key, value, PAGE_CACHE_TIMEOUT)
    return value


def _page_key(request: HttpRequest, tenant: Municipality) -> str:
    """Where a page is stored; the generation it was rendered in is stored with it."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return ":".join(
        (
            "site-pages",
            tenant.schema_name,
            request.get_host(),
            chosen_language(request),
            vision_preferences(request).cache_token(),
            digest,
        )
    )


def _request_is_cacheable(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Municipality) or tenant.is_archived:
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(UNCACHED_PREFIXES)


def _response_is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
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
    return reads_are_committed()


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous pages of municipality sites; place right after routing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _request_is_cacheable(request):
            return self.get_response(request)
        tenant: Municipality = request.tenant  # type: ignore[attr-defined]
        schema_name = tenant.schema_name
        key, gen_key, settling_key = (
            _page_key(request, tenant),
            _generation_key(schema_name),
            _settling_key(schema_name),
        )
        # One round trip: the page and the municipality's generation and purge state.
        values = cache.get_many([key, gen_key, settling_key])
        generation = int(values.get(gen_key) or 0)
        cached: Any = values.get(key)
        if isinstance(cached, tuple) and len(cached) == 3 and cached[0] == generation:
            return _stored_response(cached, head=request.method == "HEAD")
        response = self.get_response(request)
        response["X-Page-Cache"] = "miss"
        if settling_key not in values and _response_is_storable(request, response):
            # Stored with the generation read before rendering: if a purge moved it meanwhile,
            # the page no longer matches and is rendered afresh on the next request.
            cache.set(key, _stored_form(generation, response), PAGE_CACHE_TIMEOUT)
        return response


StoredPage = tuple[int, bytes, tuple[tuple[str, str], ...]]


def _stored_form(generation: int, response: HttpResponseBase) -> StoredPage:
    """The generation, the rendered bytes and the headers: cheap to pickle and to serve."""
    assert isinstance(response, HttpResponse)
    headers = tuple((name, value) for name, value in response.items() if name != "X-Page-Cache")
    return generation, response.content, headers


def _stored_response(stored: StoredPage, *, head: bool) -> HttpResponse:
    _generation, content, headers = stored
    response = HttpResponse(b"" if head else content, headers=dict(headers))
    response["X-Page-Cache"] = "hit"
    if head:
        response["Content-Length"] = str(len(content))
    return response
