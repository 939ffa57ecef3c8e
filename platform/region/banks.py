"""The region's public data banks on the portal (004 §3.3.2): internship sites of every
municipality and the best practices accepted by the institute's expert council, with search.

Both read the public schema only (``regional_banks``: rows each municipality writes in its own
change's transaction, and the institute's decisions), so a request never loops over schemas.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from regional_banks.selectors import bank_municipalities, internship_site_bank, practice_bank, search_text_clean

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
