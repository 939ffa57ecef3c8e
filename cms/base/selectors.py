"""Reads for the public sites: the current municipality, the pages under a view restriction, the
pages for search and sitemap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site

from cms.base.pages import PublicRequestChrome
from tenants.municipalities.models import Municipality


def request_municipality(request: HttpRequest) -> Municipality | None:
    tenant = getattr(request, "tenant", None)
    return tenant if isinstance(tenant, Municipality) else None


def request_chrome(request: HttpRequest | None) -> PublicRequestChrome | None:
    """The site chrome already attached to a public request (never read here)."""
    return getattr(request, "_site_chrome", None) if request is not None else None


def page_restrictions_read() -> tuple[PageViewRestriction, ...]:
    """Every page view restriction of the schema, by tree path, with its page's path and groups."""
    found = (
        PageViewRestriction.objects.annotate(page_path=F("page__path"))
        .prefetch_related("groups")
        .order_by("page_path", "pk")
    )
    return tuple(found)


def restricted_pages_q(paths: Iterable[str]) -> Q | None:
    """Pages at or under any of ``paths`` (restricted pages' tree paths); None for no path."""
    private = Q()
    for path in paths:
        private |= Q(path__startswith=path)
    return private if private else None


def page_restrictions(request: HttpRequest | None) -> tuple[PageViewRestriction, ...]:
    """The schema's page view restrictions, read once per request (the site's chrome holds them
    for public pages; Wagtail's ``public()`` reads them on every call)."""
    chrome = request_chrome(request)
    if chrome is not None:
        return chrome.restrictions
    cached: tuple[PageViewRestriction, ...] | None = getattr(request, "_page_restrictions", None)
    if cached is not None:
        return cached
    found = page_restrictions_read()
    if request is not None:
        request._page_restrictions = found  # type: ignore[attr-defined]
    return found


def private_pages_q(request: HttpRequest | None) -> Q | None:
    """Pages under a view restriction, as a filter to exclude; None when there are none."""
    return restricted_pages_q(r.page_path for r in page_restrictions(request))  # type: ignore[attr-defined]


def _site_pages(request: HttpRequest) -> Any:
    site = Site.find_for_request(request)
    if site is None or request_municipality(request) is None:
        return Page.objects.none()
    return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)


def page_search(request: HttpRequest, query: str) -> Any:
    """Live public pages of this site matching ``query``, best first."""
    return _site_pages(request).specific().search(query, operator="and")


def sitemap_entries(request: HttpRequest) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for page in _site_pages(request).specific().order_by("path"):
        entries.extend(page.get_sitemap_urls(request))
    return entries
