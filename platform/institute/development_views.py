"""The institute's screen of teachers' development across the region, and its export.

Thin: numbers come from ``institute.development`` (roll-ups only, counts without names), so
nothing here is written to the access log; a municipality's name leads to its drill-down, which is.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.workspace_access import workspace_required
from institute.charts import area_heat_map
from institute.development import (
    SORT_KEYS,
    development_areas_fill,
    development_data,
    development_rows_filter,
    development_totals,
)
from institute.development_export import development_xlsx
from institute.views import PAGE_SIZE, year_of
from tenants.academic_years import academic_year_choices


def _query(request: HttpRequest) -> dict[str, Any]:
    sort = request.GET.get("sort", "name")
    return {
        "search": request.GET.get("q", "")[:100],
        "sort": sort if sort in SORT_KEYS else "name",
        "descending": request.GET.get("dir") == "desc",
    }


@require_safe
@workspace_required
def development(request: HttpRequest) -> HttpResponse:
    """Deficits by competence area, routes, mentoring, consultations and associations per municipality."""
    year = year_of(request)
    data = development_data(academic_year=year.label)
    query = _query(request)
    rows = development_rows_filter(data.rows, **query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page_rows = list(page.object_list)
    development_areas_fill(page_rows)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    sort_params.pop("dir", None)
    context = {
        "year": year,
        "years": academic_year_choices(),
        "development": data,
        "rows": page_rows,
        "page_obj": page,
        "matched": len(rows),
        "totals": development_totals(rows),
        "query": query,
        "params": params.urlencode(),
        "sort_params": sort_params.urlencode(),
        "heat": area_heat_map(page_rows, data.areas),
    }
    return render(request, "institute/development.html", context)


@require_safe
@workspace_required
def development_export(request: HttpRequest) -> HttpResponse:
    """The screen's rows (as filtered and sorted) with the totals and every competence area, as XLSX."""
    year = year_of(request)
    data = development_data(academic_year=year.label)
    rows = development_rows_filter(data.rows, **_query(request))
    development_areas_fill(rows)
    response = HttpResponse(
        development_xlsx(data, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="metodika-development-{year.start}-{stamp}.xlsx"'
    return response
