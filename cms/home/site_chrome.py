"""What every public page of a municipality's site reads before its own content.

The Wagtail site and its home page (as its own page type, ready to route from), the root paths
Wagtail builds links from, the branding, the menu, which pages sit under a view restriction and
where the event calendar is: read from the database once per cache generation of the
municipality and then from Redis in one round trip per request, together with the generation
(see ``content_cached``). Any write to the municipality's content moves the generation on, so an
edited menu, branding or home page shows on the next request, as with the page cache.

``SiteChromeMiddleware`` attaches it to public GET requests of a municipality host before
Wagtail routes them: Wagtail's own per-request slots (``_wagtail_site``,
``_wagtail_cached_site_root_paths``) are filled from it, and ``SitePageMixin`` lets a page skip
the view-restriction queries when the municipality has no restricted page at all.

It lives with the site composition, above the domains whose pages it links (the event
calendar) and the home page's menu; the page types below it read it only through
``cms.base.pages.PublicRequestChrome``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from wagtail.models import Page, PageViewRestriction, Site

from cms.base.models import SiteBranding
from cms.base.page_cache import UNCACHED_PREFIXES, content_cached
from cms.base.pages import CURRENT_SITE_CHROME
from cms.base.selectors import page_restrictions_read, request_municipality, restricted_pages_q
from cms.home.selectors import menu_sections_read
from tenants.events.selectors import event_calendar_page

# Bump when SiteChrome or what it holds changes shape or module: a deploy then reads no stale pickle.
CHROME_VERSION = 3


@dataclass(frozen=True)
class SiteChrome:
    schema_name: str
    site: Site | None
    root_paths: list[Any]
    branding: Any  # cms.base.models.SiteBranding (unsaved defaults when the row is missing)
    restricted_paths: tuple[str, ...]
    # The restrictions themselves (each with its page's ``page_path`` and its groups): the menu
    # shows a restricted section only to those a restriction admits.
    restrictions: tuple[PageViewRestriction, ...]
    menu: list[Page]
    event_calendar: Page | None

    @property
    def home(self) -> Page | None:
        return self.site.root_page if self.site is not None else None

    def private_q(self) -> Q | None:
        """Pages under a view restriction, as a filter to exclude; None when there are none."""
        return restricted_pages_q(self.restricted_paths)


def _chrome_read(request: HttpRequest, schema_name: str) -> SiteChrome:
    site = Site.find_for_request(request)
    restrictions = page_restrictions_read()
    restricted = tuple(dict.fromkeys(r.page_path for r in restrictions))  # type: ignore[attr-defined]
    chrome = SiteChrome(
        schema_name=schema_name,
        site=site,
        root_paths=list(Site.get_site_root_paths()),
        branding=None,
        restricted_paths=restricted,
        restrictions=restrictions,
        menu=[],
        event_calendar=None,
    )
    if site is None:
        return chrome
    home = site.root_page.specific
    home.specific  # noqa: B018 (kept resolved: routing asks for it on every request)
    site.root_page = home
    branding = SiteBranding.objects.filter(site=site).select_related("logo").first() or SiteBranding(site=site)
    return SiteChrome(
        schema_name=schema_name,
        site=site,
        root_paths=chrome.root_paths,
        branding=branding,
        restricted_paths=restricted,
        restrictions=restrictions,
        menu=menu_sections_read(home, request),
        event_calendar=event_calendar_page(private=chrome.private_q()),
    )


def site_chrome(request: HttpRequest) -> SiteChrome | None:
    """The request's chrome (read once per request), or None off a municipality's host."""
    if hasattr(request, "_site_chrome"):
        memo: SiteChrome | None = request._site_chrome
        return memo
    municipality = request_municipality(request)
    chrome: SiteChrome | None = None
    if municipality is not None:
        schema_name = municipality.schema_name
        # Sites are matched by host and port; the version retires chromes of an older shape.
        key = f"chrome:{CHROME_VERSION}:{request.get_host()}"
        chrome = content_cached(key, lambda: _chrome_read(request, schema_name))
    request._site_chrome = chrome  # type: ignore[attr-defined]
    if chrome is not None:
        request._wagtail_site = chrome.site  # type: ignore[attr-defined]
        request._wagtail_cached_site_root_paths = chrome.root_paths  # type: ignore[attr-defined]
    return chrome


class SiteChromeMiddleware:
    """Attach the chrome to public GET and HEAD requests of municipality sites (after routing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(UNCACHED_PREFIXES)
            or request_municipality(request) is None
        ):
            return self.get_response(request)
        token = CURRENT_SITE_CHROME.set(site_chrome(request))
        try:
            return self.get_response(request)
        finally:
            CURRENT_SITE_CHROME.reset(token)
