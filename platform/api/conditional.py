"""Conditional GETs of lists: ``ETag`` / ``If-None-Match`` and ``Last-Modified`` / ``If-Modified-Since``.

The ETag is the SHA-256 of the body, so it changes with anything a list shows (a free seat taken,
a row deleted), which no ``updated_at`` column could tell. ``Last-Modified`` is the moment this
exact body (this ETag) was first served, remembered in the cache: a changed body has a new ETag,
first seen now, so a client asking "modified since" its last copy gets the new one. With the cache
down, ``Last-Modified`` is left out and only the ETag answers.

A list also declares the query parameters it understood to the page cache (``api_cache_declare``),
so a public list asked for with them can be stored and served without a query, as pages are.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from cms.base.page_cache import page_cache_query_declare

logger = logging.getLogger(__name__)

FIRST_SEEN_TIMEOUT = 7 * 24 * 3600


def api_cache_declare(request: HttpRequest, **values: Any) -> None:
    """The query parameters this list understood, in their canonical form (see ``page_cache_query_declare``)."""
    canonical = {
        name: value.isoformat() if hasattr(value, "isoformat") else str(value) for name, value in values.items()
    }
    page_cache_query_declare(request, **{n: v for n, v in canonical.items() if v not in ("", "None")})


def _first_seen(etag: str) -> datetime.datetime | None:
    key = f"api:first-seen:{etag}"
    try:
        now = timezone.now().replace(microsecond=0)
        if cache.add(key, now.timestamp(), FIRST_SEEN_TIMEOUT):
            return now
        stamp = cache.get(key)
    except Exception as error:  # the cache down: answer with the ETag alone
        logger.warning("API: no Last-Modified, the cache is unavailable: %r", error)
        return None
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC) if stamp is not None else None


def _not_modified(request: HttpRequest, etag: str, modified: datetime.datetime | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return modified is not None and since is not None and modified.timestamp() <= since


def conditional_list(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Give a list's 200 its ETag and Last-Modified, and answer 304 when the client's copy is current."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or not isinstance(response, HttpResponse)
        ):
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        modified = _first_seen(etag)
        if _not_modified(request, etag, modified):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            if modified is not None:
                not_modified["Last-Modified"] = http_date(modified.timestamp())
            return not_modified
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    return wrapped
