"""The region's public data banks on the portal (004 §3.3.2): internship sites of every
municipality, the best practices accepted by the institute's expert council, with search, and the
innovation projects of every municipality (001 §2.3; 003 §4.2), with search and filters.

Both read the public schema only (``regional_banks``: rows each municipality writes in its own
change's transaction, and the institute's decisions), so a request never loops over schemas.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from regional_banks.models import InnovationProjectEntry
from regional_banks.selectors import (
    bank_municipalities,
    innovation_bank,
    internship_site_bank,
    practice_bank,
    search_text_clean,
    site_base_urls,
)
from tenants.innovation.models import InnovationLevel, InnovationStatus

PER_PAGE = 20


def _municipality_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("municipality", "")
    return int(raw) if raw.isdigit() else None


@require_safe
def internship_bank(request: HttpRequest) -> HttpResponse:
    municipality_id = _municipality_id(request)
    page = Paginator(internship_site_bank(municipality_id=municipality_id), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "sites": page,
        "municipalities": bank_municipalities(),
        "chosen": municipality_id,
        "query": urlencode({"municipality": municipality_id}) if municipality_id else "",
    }
    return render(request, "region/internship_bank.html", context)


@require_safe
def practice_bank_view(request: HttpRequest) -> HttpResponse:
    text = search_text_clean(request.GET.get("q"))
    municipality_id = _municipality_id(request)
    found = practice_bank(text=text, municipality_id=municipality_id)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in (("q", text), ("municipality", municipality_id)) if v}
    context = {
        "practices": page,
        "q": text,
        "municipalities": bank_municipalities(),
        "chosen": municipality_id,
        "query": urlencode(filters),
    }
    return render(request, "region/practice_bank.html", context)


@dataclass(frozen=True)
class InnovationCard:
    """A project of the portal's list with its labels and its links on the municipality's site."""

    entry: InnovationProjectEntry
    level: str
    status: str
    page_url: str
    products: list[dict[str, str]]


def _on_site(base: str, url: str) -> str:
    """A path on the municipality's host made absolute; a material's link elsewhere kept as it is."""
    return base + url if url.startswith("/") else url


def _innovation_cards(entries: list[InnovationProjectEntry]) -> list[InnovationCard]:
    sites = site_base_urls({entry.municipality_id for entry in entries})
    cards = []
    for entry in entries:
        base = sites.get(entry.municipality_id, "")
        cards.append(
            InnovationCard(
                entry=entry,
                level=str(InnovationLevel(entry.level).label) if entry.level in InnovationLevel.values else "",
                status=str(InnovationStatus(entry.status).label) if entry.status in InnovationStatus.values else "",
                page_url=f"{base}{entry.page_path}#project-{entry.project_id}" if entry.page_path else "",
                products=[
                    {"title": str(p.get("title", "")), "url": _on_site(base, str(p.get("url") or ""))}
                    for p in entry.products
                ],
            )
        )
    return cards


# What the municipalities' own pages show: public projects that were not stopped.
INNOVATION_PUBLIC_STATUSES = (InnovationStatus.PROPOSED, InnovationStatus.ACTIVE, InnovationStatus.COMPLETED)


@require_safe
def innovation_bank_view(request: HttpRequest) -> HttpResponse:
    """Innovation sites and projects of every municipality: by municipality, level and status, searched."""
    text = search_text_clean(request.GET.get("q"))
    municipality_id = _municipality_id(request)
    level = request.GET.get("level", "")
    level = level if level in InnovationLevel.values else ""
    status = request.GET.get("status", "")
    status = status if status in INNOVATION_PUBLIC_STATUSES else ""
    found = innovation_bank(
        statuses=[status] if status else INNOVATION_PUBLIC_STATUSES,
        text=text,
        municipality_id=municipality_id,
        level=level,
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    filters = {
        k: v for k, v in (("q", text), ("municipality", municipality_id), ("level", level), ("status", status)) if v
    }
    context = {
        "projects": page,
        "cards": _innovation_cards(list(page)),
        "q": text,
        "municipalities": bank_municipalities(),
        "chosen": municipality_id,
        "levels": InnovationLevel.choices,
        "chosen_level": level,
        "statuses": [(s.value, s.label) for s in INNOVATION_PUBLIC_STATUSES],
        "chosen_status": status,
        "query": urlencode(filters),
    }
    return render(request, "region/innovation_bank.html", context)
