from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tenants.municipalities.models import Municipality


def current_place(request: HttpRequest) -> dict[str, Any]:
    """Where the visitor is: the region or one municipality (for headers and titles)."""
    tenant = getattr(request, "tenant", None)
    municipality = tenant if isinstance(tenant, Municipality) else None
    return {
        "region_name": settings.REGION_NAME,
        "current_municipality": municipality,
        "place_name": municipality.short_name if municipality else settings.REGION_NAME,
    }
