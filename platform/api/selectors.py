"""Reads of keys, and the reads the API needs that no app's selectors offer: the roll-ups of a
key's municipalities, a municipality's public news, a teacher by e-mail."""

from __future__ import annotations

from django.db.models import QuerySet

from api.models import ApiKey
from cms.news.models import NewsPage
from rollups.models import MunicipalityYearRollup
from tenants.people.models import Teacher


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


def news_public_list() -> QuerySet[NewsPage]:
    """The municipality's published public news (the schema in use), newest first."""
    return NewsPage.objects.live().public().order_by("-date", "-pk")


def teacher_by_email(email: str) -> Teacher | None:
    """The municipality's one teacher with this e-mail, any case; None if none or several."""
    found = list(Teacher.objects.select_related("organisation").filter(email__iexact=email.strip())[:2])
    return found[0] if len(found) == 1 else None
