"""Reads of keys, and the roll-ups the region reads through the API."""

from __future__ import annotations

from django.db.models import QuerySet

from api.models import ApiKey
from rollups.models import MunicipalityYearRollup


def api_key_list() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("owner", "created_by").prefetch_related("municipalities")


def api_key_get(*, pk: int) -> ApiKey | None:
    return api_key_list().filter(pk=pk).first()


def api_key_active_by_hash(*, secret_hash: str) -> ApiKey | None:
    """The key whose secret hashes to ``secret_hash``, unless revoked; with its municipalities' ids."""
    key = ApiKey.objects.select_related("owner").filter(secret_hash=secret_hash, revoked_at__isnull=True).first()
    if key is not None:
        key.municipality_ids = frozenset(key.municipalities.values_list("pk", flat=True))
    return key


def rollup_rows(*, municipality_ids: frozenset[int], academic_year: str | None) -> QuerySet[MunicipalityYearRollup]:
    """The institute's indicators, a row per municipality and year, of these municipalities only."""
    queryset = MunicipalityYearRollup.objects.select_related("municipality").filter(
        municipality_id__in=municipality_ids
    )
    if academic_year:
        queryset = queryset.filter(academic_year=academic_year)
    return queryset.order_by("municipality__name", "-academic_year")
