"""Site-level views of both hosts: visitor preferences, robots.txt, sitemap.xml, search, the 404 and 500 pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cms.base import selectors
from cms.base.vision import (
    VISION_COOKIE_MAX_AGE,
    VISION_COOKIE_NAME,
    vision_preferences_from_values,
)

SEARCH_PAGE_SIZE = 10


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return "/"
    return target


@csrf_exempt  # a display preference in a cookie, tied to no account: nothing to forge
@require_POST
def site_preferences(request: HttpRequest) -> HttpResponse:
    """The language and low-vision switches: set their cookies and go back (works without JS).

    The forms carry no CSRF token so that the pages they sit on — every page — stay cacheable.
    """
    response = HttpResponseRedirect(_safe_next(request), status=303)
    language = request.POST.get("language")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    vision = request.POST.get("vision")
    if vision == "off":
        response.delete_cookie(VISION_COOKIE_NAME, samesite="Lax")
    elif vision == "on":
        prefs = vision_preferences_from_values(
            font=request.POST.get("font"),
            scheme=request.POST.get("scheme"),
            images=request.POST.get("images"),
            spacing=request.POST.get("spacing"),
        )
        response.set_cookie(VISION_COOKIE_NAME, prefs.cookie_value(), max_age=VISION_COOKIE_MAX_AGE, samesite="Lax")
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the admin, accounts or personal pages."""
    is_municipality = selectors.request_municipality(request) is not None
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in ("/admin/", "/accounts/", "/cabinet/", "/preferences/", "/growth/")]
    if is_municipality:
        lines.append("Disallow: /search/")
        lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Every live, public page of this municipality's site, with Wagtail's own sitemap entries."""
    urls = selectors.sitemap_entries(request)
    body = loader.render_to_string("base/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_safe
def site_search(request: HttpRequest) -> TemplateResponse:
    """Wagtail search over this site's live public pages (the database backend, Russian text)."""
    query = (request.GET.get("q") or "").strip()[:200]
    results: Any = []
    if query:
        results = Paginator(selectors.page_search(request, query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "base/search.html", {"query": query, "results": results})


def not_found(request: HttpRequest) -> HttpResponse:
    """Answers 404 on a URL a library would otherwise answer (Wagtail's ``/admin/failwhale/``)."""
    raise Http404


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's look, rendered without the database (which may be what failed).

    The municipality comes from the request (resolved before the failure), the rest is static.
    """
    tenant = getattr(request, "tenant", None)
    place = getattr(tenant, "short_name", None) or settings.REGION_NAME
    body = loader.render_to_string("500.html", {"place_name": place, "static_css": _static_css()})
    return HttpResponse(body, status=500)


def _static_css() -> str:
    from django.templatetags.static import static

    try:
        return static("css/site.css")
    except ValueError:  # a manifest without the file: keep the page plain rather than fail again
        return ""
