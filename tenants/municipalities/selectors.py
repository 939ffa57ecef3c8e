"""Reads of the municipality registry (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from tenants.municipalities.models import Domain, Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_active_tenant


def current_municipality() -> Municipality | None:
    """The municipality whose schema the connection is set to, or None in the region."""
    tenant = schema_active_tenant()
    return tenant if isinstance(tenant, Municipality) else None


def municipality_list(*, include_archived: bool = True) -> QuerySet[Municipality]:
    qs = Municipality.objects.all()
    if not include_archived:
        qs = qs.filter(status=MunicipalityStatus.ACTIVE)
    return qs.order_by("name")


def municipality_get_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def municipality_primary_domain(municipality: Municipality) -> str:
    domain = Domain.objects.filter(tenant=municipality, is_primary=True).values_list("domain", flat=True).first()
    return domain or municipality.default_hostname


def host_base_url(hostname: str) -> str:
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{hostname}{port}"


def municipality_base_url(municipality: Municipality) -> str:
    return host_base_url(municipality_primary_domain(municipality))


def region_base_url() -> str:
    return host_base_url(settings.REGION_DOMAIN)


def host_shares_region_session(hostname: str) -> bool:
    """Whether the region's session cookie reaches ``hostname``: the region's host and its subdomains.

    A municipality's extra domain outside the region's parent domain does not share it: a person
    arrives there signed in through the handoff (``accounts.handoff``).
    """
    hostname = hostname.lower().rstrip(".")
    region = settings.REGION_DOMAIN.lower()
    return hostname == region or hostname.endswith(f".{region}")


def municipality_signed_in_url(municipality: Municipality, path: str = "/admin/") -> str:
    """A link to ``path`` on the municipality's primary host that arrives signed in."""
    return host_signed_in_url(municipality_primary_domain(municipality), path)


def host_signed_in_url(hostname: str, path: str = "/admin/") -> str:
    """A link to ``path`` on a municipality's host that arrives signed in.

    On a subdomain of the region the shared session does it; on an extra domain the link goes
    through that host's handoff start, which fetches a one-time sign-in from the region's host.
    """
    base = host_base_url(hostname)
    if host_shares_region_session(hostname):
        return base + path
    start = reverse("account_handoff_start", urlconf=settings.ROOT_URLCONF)
    return f"{base}{start}?{urlencode({'next': path})}"
