"""Reads of the innovation projects register: the public list (public projects with their public products)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tenants.innovation.models import InnovationProject, InnovationStatus
from tenants.resources.models import Resource


def innovation_public_list() -> QuerySet[InnovationProject]:
    """Public projects that were not stopped, with their organisations and public products."""
    return (
        InnovationProject.objects.filter(is_public=True)
        .exclude(status=InnovationStatus.STOPPED)
        .prefetch_related(
            "organisations",
            Prefetch("products", queryset=Resource.objects.filter(is_public=True).order_by("title")),
        )
        .order_by("level", "-starts_on", "title")
    )
