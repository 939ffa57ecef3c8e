"""Host → schema routing: the region on REGION_DOMAIN, a municipality on its domains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port, validate_host
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name, remove_www, schema_context
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from tenants.municipalities.models import Domain, Municipality
from tenants.municipalities.schemas import schema_activate, schema_activate_public


@dataclass
class RegionTenant:
    """The region, answering on REGION_DOMAIN, whose data is the public schema."""

    name: str
    schema_name: str
    domain_url: str = ""
    is_region: bool = True
    is_archived: bool = False

    def get_tenant_type(self) -> None:
        return None


def region_tenant() -> RegionTenant:
    return RegionTenant(name=settings.REGION_NAME, schema_name=get_public_schema_name())


# A host's municipality is cached so that a cached page costs no query at all; every save or
# delete of a municipality or a domain forgets the hosts involved (see cms.base.signal_handlers),
# so an archived municipality goes offline on the next request. The timeout only bounds memory.
HOST_CACHE_TIMEOUT = 3600


def _host_key(hostname: str) -> str:
    return f"tenant-host:{hostname}"


HOSTS_SETTLING_KEY = "tenant-host:settling"
HOSTS_SETTLE_SECONDS = 60


def host_tenant_lookup(hostname: str) -> Municipality | None:
    """The municipality answering on ``hostname`` (public schema active), cached.

    Stored only outside a transaction (a row read inside one may still roll back) and not for a
    minute after a registry change (the changing transaction may not have committed yet).
    """
    key = _host_key(hostname)
    values = cache.get_many([key, HOSTS_SETTLING_KEY])
    cached = values.get(key)
    if isinstance(cached, Municipality):
        return cached
    found = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    if found is None:
        return None
    if not connection.in_atomic_block and HOSTS_SETTLING_KEY not in values:
        cache.set(key, found.tenant, HOST_CACHE_TIMEOUT)
    return found.tenant


def host_tenant_forget(hostnames: Iterable[str]) -> None:
    """Drop cached host → municipality entries, whatever schema is active (keys carry public)."""
    keys = [_host_key(h) for h in hostnames]
    with schema_context(get_public_schema_name()):
        cache.set(HOSTS_SETTLING_KEY, 1, HOSTS_SETTLE_SECONDS)
        if keys:
            cache.delete_many(keys)


class MunicipalityMiddleware(TenantMainMiddleware):
    """django-tenants' routing, with the region as a tenant of its own and a real 404 page.

    A host is served if ALLOWED_HOSTS covers it (the region and ``*.REGION_DOMAIN``) or if the
    registry holds it as a municipality's extra domain: the operator adds domains without a
    restart, and ALLOWED_HOSTS never becomes ``*``.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        schema_activate_public()
        raw_host = request._get_raw_host()  # type: ignore[attr-defined]
        domain = split_domain_port(raw_host)[0]
        hostname = remove_www(domain)
        if not hostname:
            return HttpResponseBadRequest("Bad Request (400)")
        allowed = validate_host(hostname, settings.ALLOWED_HOSTS)
        if hostname == settings.REGION_DOMAIN:
            tenant: Any = region_tenant()
        else:
            tenant = host_tenant_lookup(hostname)
            if tenant is None:
                if not allowed:
                    return HttpResponseBadRequest("Bad Request (400)")
                return self.no_tenant_found(request, hostname)
            if not allowed:
                # A domain the registry gives a municipality is trusted as its host.
                request.get_host = lambda: raw_host  # type: ignore[method-assign]
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        schema_activate(tenant)
        self.setup_url_routing(request)
        return None

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
        return render(
            request,
            "errors/unknown_host.html",
            {
                "hostname": hostname,
                "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/",
                "region_name": settings.REGION_NAME,
            },
            status=404,
        )


def _port(request: HttpRequest) -> str:
    host = request.get_host()
    return ":" + host.rsplit(":", 1)[1] if ":" in host else ""


class ArchivedMunicipalityMiddleware:
    """An archived municipality is offline for everyone: a clear page, its data untouched."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if isinstance(tenant, Municipality) and tenant.is_archived and not request.path.startswith(settings.STATIC_URL):
            return render(
                request,
                "errors/archived.html",
                {"municipality": tenant, "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/"},
                status=503,
            )
        return self.get_response(request)


class MunicipalityRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, on municipality hosts only: the region's schema has no Wagtail tables."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not isinstance(getattr(request, "tenant", None), Municipality):
            return response
        return super().process_response(request, response)
