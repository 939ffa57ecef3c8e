from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import host_shares_region_session


def current_place(request: HttpRequest) -> dict[str, Any]:
    """Where the visitor is: the region or one municipality (for headers and titles)."""
    tenant = getattr(request, "tenant", None)
    municipality = tenant if isinstance(tenant, Municipality) else None
    return {
        "region_name": settings.REGION_NAME,
        "current_municipality": municipality,
        "place_name": municipality.short_name if municipality else settings.REGION_NAME,
        # A municipality's own domain, which the region's session does not reach: its login page
        # offers to come in with the session of the region's host (accounts.handoff).
        "sign_in_through_region": municipality is not None
        and not host_shares_region_session(request.get_host().rsplit(":", 1)[0]),
    }
