"""The institute's screen of teachers' development across the region, and its export.

Thin: numbers come from ``institute.development`` (roll-ups only, counts without names), so
nothing here is written to the access log; a municipality's name leads to its drill-down, which is.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.workspace_access import workspace_required, workspace_writer, workspace_writer_only
from institute.charts import area_heat_map
from institute.development import (
    SORT_KEYS,
    development_areas_fill,
    development_data,
    development_rows_filter,
    development_totals,
)
from institute.development_export import development_xlsx
from institute.forms import RegionalDiagnosticForm
from institute.models import RegionalDiagnostic
from institute.regional_diagnostics import (
    DiagnosticFileError,
    regional_diagnostic_delete,
    regional_diagnostic_heat_map,
    regional_diagnostic_list,
    regional_diagnostic_load,
    regional_diagnostic_template_xlsx,
)
from institute.views import PAGE_SIZE, listing_params, year_of
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS


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
    params, sort_params = listing_params(request)
    context = {
        "year": year,
        "years": academic_year_choices(),
        "development": data,
        "rows": page_rows,
        "page_obj": page,
        "matched": len(rows),
        "totals": development_totals(rows),
        "query": query,
        "params": params,
        "sort_params": sort_params,
        "heat": area_heat_map(page_rows, data.areas),
        "can_write": workspace_writer(request.user),
        **_diagnostics_context(request, [(row.municipality_id, row.name) for row in page_rows]),
    }
    return render(request, "institute/development.html", context)


def _diagnostics_context(request: HttpRequest, rows: list[tuple[int, str]]) -> dict[str, Any]:
    diagnostics = regional_diagnostic_list()
    raw = request.GET.get("diagnostic", "")
    chosen = next(
        (d for d in diagnostics if raw.isdigit() and d.pk == int(raw)), diagnostics[0] if diagnostics else None
    )
    return {
        "diagnostics": diagnostics,
        "diagnostic": chosen,
        "diagnostic_areas": [name for _code, name in DEFAULT_COMPETENCE_AREAS],
        "diagnostic_heat": regional_diagnostic_heat_map(chosen, rows) if chosen else [],
    }


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


# --- regional diagnostics, loaded centrally ---------------------------------------------------


@workspace_required
def diagnostic_load(request: HttpRequest) -> HttpResponse:
    """The institute loads a regional diagnostic's results: all rows or none, bad rows named."""
    workspace_writer_only(request)
    errors: list[str] = []
    form = RegionalDiagnosticForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        held_on = form.cleaned_data["held_on"]
        try:
            diagnostic = regional_diagnostic_load(
                title=form.cleaned_data["title"],
                academic_year=AcademicYear.of(held_on).label,
                held_on=held_on,
                data=form.cleaned_data["file"].read(),
                acting_user=request.user,
            )
        except DiagnosticFileError as error:
            errors = error.messages
        else:
            messages.success(request, _("Результаты диагностики «%(title)s» загружены.") % {"title": diagnostic.title})
            return redirect(f"{reverse('institute:development')}?diagnostic={diagnostic.pk}#diagnostics")
    return render(request, "institute/diagnostic_load.html", {"form": form, "errors": errors})


@require_safe
@workspace_required
def diagnostic_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        regional_diagnostic_template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="metodika-regional-diagnostic.xlsx"'
    return response


@require_POST
@workspace_required
def diagnostic_delete(request: HttpRequest, diagnostic_id: int) -> HttpResponse:
    workspace_writer_only(request)
    diagnostic = get_object_or_404(RegionalDiagnostic, pk=diagnostic_id)
    regional_diagnostic_delete(diagnostic=diagnostic, acting_user=request.user)
    messages.success(request, _("Диагностика «%(title)s» удалена.") % {"title": diagnostic.title})
    return redirect(f"{reverse('institute:development')}#diagnostics")
