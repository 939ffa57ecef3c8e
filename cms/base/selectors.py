"""Reads for the public site's chrome: the current municipality, its pages for search and sitemap."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page, Site

from tenants.municipalities.models import Municipality


def request_municipality(request: HttpRequest) -> Municipality | None:
    tenant = getattr(request, "tenant", None)
    return tenant if isinstance(tenant, Municipality) else None


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
