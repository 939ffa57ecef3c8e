"""Host → schema routing: the region on REGION_DOMAIN, a municipality on its domains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from tenants.municipalities.models import Municipality


@dataclass(frozen=True)
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


class MunicipalityMiddleware(TenantMainMiddleware):
    """django-tenants' routing, with the region as a tenant of its own and a real 404 page."""

    def get_tenant(self, domain_model: Any, hostname: str) -> Any:
        if hostname == settings.REGION_DOMAIN:
            return region_tenant()
        return super().get_tenant(domain_model, hostname)

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
        return render(
            request,
            "errors/unknown_host.html",
            {"hostname": hostname, "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/",
             "region_name": settings.REGION_NAME},
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
                request, "errors/archived.html",
                {"municipality": tenant, "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/"},
                status=503,
            )
        return self.get_response(request)
