"""Reads of the region's data banks: the portal's public banks, the institute's lists, a
municipality's own proposals and nominations (scoped by the municipality given)."""

from __future__ import annotations

import re
from collections.abc import Collection

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from regional_banks.models import (
    InnovationProjectEntry,
    InternshipProposal,
    InternshipSiteEntry,
    NominationStatus,
    PracticeNomination,
    ProposalStatus,
)
from regional_banks.services import SEARCH_CONFIG
from tenants.municipalities.models import Domain, Municipality, MunicipalityStatus
from tenants.municipalities.selectors import host_base_url

MAX_QUERY_CHARS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_text_clean(text: str | None) -> str:
    return " ".join(_CONTROL.sub(" ", text or "").split())[:MAX_QUERY_CHARS]


def _active(queryset: QuerySet) -> QuerySet:
    return queryset.filter(municipality__status=MunicipalityStatus.ACTIVE)


def internship_site_bank(*, municipality_id: int | None = None) -> QuerySet[InternshipSiteEntry]:
    """The portal's bank: public sites in force of active municipalities."""
    queryset = _active(InternshipSiteEntry.objects.filter(is_public=True, in_force=True)).select_related("municipality")
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    return queryset.order_by("municipality__name", "organisation", "site_id")


def internship_site_entries() -> QuerySet[InternshipSiteEntry]:
    """Every site of every active municipality, public or not, in force or not (the institute)."""
    return _active(InternshipSiteEntry.objects.select_related("municipality")).order_by(
        "municipality__name", "-in_force", "organisation", "site_id"
    )


def internship_site_entry_get(*, pk: int) -> InternshipSiteEntry | None:
    return internship_site_entries().filter(pk=pk).first()


def bank_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.exclude(schema_name="public").filter(status=MunicipalityStatus.ACTIVE).order_by("name")


def internship_proposal_list() -> QuerySet[InternshipProposal]:
    return InternshipProposal.objects.select_related("municipality").order_by("-proposed_at", "-pk")


def internship_proposals_of(*, municipality: Municipality) -> QuerySet[InternshipProposal]:
    return InternshipProposal.objects.filter(municipality=municipality).order_by("-proposed_at", "-pk")


def internship_proposal_of(*, municipality: Municipality, pk: int) -> InternshipProposal | None:
    """A proposal to ``municipality``: "missing" and "not yours" are the same None."""
    return InternshipProposal.objects.filter(municipality=municipality, pk=pk).first()


def internship_proposals_waiting_count(*, municipality: Municipality) -> int:
    return InternshipProposal.objects.filter(municipality=municipality, status=ProposalStatus.PENDING).count()


def practice_bank(*, text: str = "", municipality_id: int | None = None) -> QuerySet[PracticeNomination]:
    """The region's bank: accepted practices of active municipalities, found by Russian word forms."""
    queryset = _active(PracticeNomination.objects.filter(status=NominationStatus.ACCEPTED)).select_related(
        "municipality"
    )
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    cleaned = search_text_clean(text)
    if cleaned:
        query = SearchQuery(cleaned, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-decided_on", "-pk")
        )
    return queryset.order_by("-decided_on", "-pk")


def practice_nomination_list(*, status: str = "") -> QuerySet[PracticeNomination]:
    queryset = PracticeNomination.objects.select_related("municipality")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-nominated_at", "-pk")


def practice_nomination_get(*, pk: int) -> PracticeNomination | None:
    return PracticeNomination.objects.select_related("municipality").filter(pk=pk).first()


def practice_nominations_of(*, municipality: Municipality, practice_id: int) -> QuerySet[PracticeNomination]:
    return PracticeNomination.objects.filter(municipality=municipality, practice_id=practice_id).order_by(
        "-nominated_at", "-pk"
    )


def practice_nominations_pending_count() -> int:
    return PracticeNomination.objects.filter(status=NominationStatus.PENDING).count()


def innovation_bank(
    *, statuses: Collection[str], text: str = "", municipality_id: int | None = None, level: str = ""
) -> QuerySet[InnovationProjectEntry]:
    """The portal's list: public projects in one of ``statuses`` (the caller's public ones) of active
    municipalities, narrowed by municipality and level, found by Russian word forms."""
    queryset = _active(InnovationProjectEntry.objects.filter(is_public=True, status__in=list(statuses)))
    queryset = queryset.select_related("municipality")
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if level:
        queryset = queryset.filter(level=level)
    cleaned = search_text_clean(text)
    if cleaned:
        query = SearchQuery(cleaned, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "municipality__name", "-starts_on", "project_id")
        )
    return queryset.order_by("municipality__name", "-starts_on", "title", "project_id")


def site_base_urls(municipality_ids: Collection[int]) -> dict[int, str]:
    """Each municipality's site address (its primary domain, else its subdomain), in two queries."""
    municipalities = Municipality.objects.filter(pk__in=list(municipality_ids)).only("pk", "slug", "schema_name")
    primary = dict(
        Domain.objects.filter(tenant_id__in=list(municipality_ids), is_primary=True).values_list("tenant_id", "domain")
    )
    return {m.pk: host_base_url(primary.get(m.pk) or m.default_hostname) for m in municipalities}
