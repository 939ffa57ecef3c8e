"""Reads of the region's portal: regional news and the directory of municipal services."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from region.models import RegionalNews
from tenants.municipalities.models import Domain, Municipality
from tenants.municipalities.selectors import host_base_url, host_signed_in_url, municipality_list


def regional_news_list(*, published_only: bool = True) -> QuerySet[RegionalNews]:
    qs = RegionalNews.objects.all()
    if published_only:
        qs = qs.filter(is_published=True)
    return qs.order_by("-published_on", "-pk")


def regional_news_get(*, pk: int, published_only: bool = True) -> RegionalNews | None:
    return regional_news_list(published_only=published_only).filter(pk=pk).first()


@dataclass(frozen=True)
class DirectoryEntry:
    municipality: Municipality
    site_url: str
    admin_url: str


def municipality_directory() -> list[DirectoryEntry]:
    """Working municipalities with their sites' and admins' addresses, in two queries."""
    municipalities = list(municipality_list(include_archived=False))
    primary = dict(Domain.objects.filter(tenant__in=municipalities, is_primary=True).values_list("tenant_id", "domain"))
    entries = []
    for municipality in municipalities:
        hostname = primary.get(municipality.pk) or municipality.default_hostname
        entries.append(
            DirectoryEntry(
                municipality=municipality,
                site_url=host_base_url(hostname) + "/",
                admin_url=host_signed_in_url(hostname, "/admin/"),  # signed in, on an extra domain too
            )
        )
    return entries
