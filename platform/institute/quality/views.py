"""The institute's «Качество образования» screens on the region host (institute staff and the committee).

* the screen: municipalities × procedures (a heat map of the headline indicator), the
  municipalities' counts of flagged and supported organisations and of programmes, the region's
  figures, XLSX export — numbers only, from the roll-ups;
* the region's list of flagged organisations with the head's decision, the programme's status
  and its curator: the curator is a person, so every municipality whose curator was shown is
  written to the access log with ``personal_data``;
* a municipality's drill-down: its results by procedure, subject and grade beside the region's,
  and its organisations (numbers and organisations' names; logged like every drill-down);
* the thresholds editor: everyone of the workspace reads them, institute staff change them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.workspace_access import workspace_required, workspace_writer, workspace_writer_only
from assessment.selectors import procedure_kind_list, thresholds_get
from institute.quality.export import programme_label, quality_xlsx, reasons_text
from institute.quality.forms import ProcedureKindForm, QualityThresholdsForm
from institute.quality.heat import quality_heat_map
from institute.quality.selectors import (
    FLAG_FILTERS,
    SORT_KEYS,
    flagged_organisations,
    municipality_quality,
    quality_cells_fill,
    quality_overview,
    quality_rows_filter,
    quality_subjects,
    quality_totals,
)
from institute.quality.services import procedure_kind_add, quality_thresholds_change
from institute.services import access_log_record_many
from institute.views import PAGE_SIZE, drill_context, listing_params, log_read, municipality_or_404, year_of
from rollups.models import SupportStatus
from tenants.municipalities.models import Municipality
from tenants.quality.models import ProgrammeStatus

SECTION = "quality"
LIST_SECTION = "quality_organisations"


def _subject(request: HttpRequest) -> str:
    code = request.GET.get("subject", "")[:32]
    return code if code and quality_subjects().filter(code=code).exists() else ""


def _query(request: HttpRequest) -> dict[str, Any]:
    sort = request.GET.get("sort", "name")
    return {
        "search": request.GET.get("q", "")[:100],
        "sort": sort if sort in SORT_KEYS else "name",
        "descending": request.GET.get("dir") == "desc",
    }


@require_safe
@workspace_required
def quality_dashboard(request: HttpRequest) -> HttpResponse:
    """Municipalities × procedures (000 §2.3.1, 003 §1.3: monitoring of assessment results), from the roll-ups."""
    year = year_of(request)
    subject = _subject(request)
    overview = quality_overview(academic_year=year.label, subject_code=subject)
    query = _query(request)
    rows = quality_rows_filter(overview.rows, **query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page_rows = list(page.object_list)
    quality_cells_fill(page_rows, academic_year=year.label, subject_code=subject)
    params, sort_params = listing_params(request)
    region_row = quality_totals([])
    region_row.kinds = dict(overview.region)
    context = {
        "year": year,
        "years": _years(),
        "subject": subject,
        "subjects": quality_subjects(),
        "overview": overview,
        "rows": page_rows,
        "page_obj": page,
        "matched": len(rows),
        "totals": quality_totals(rows),
        "query": query,
        "params": params,
        "sort_params": sort_params,
        "heat": quality_heat_map(page_rows, overview.kinds),
        "region_heat": quality_heat_map([region_row], overview.kinds)[0],
        "thresholds": thresholds_get(),
        "can_write": workspace_writer(request.user),
    }
    return render(request, "institute/quality/dashboard.html", context)


def _years() -> list[tuple[int, str]]:
    from tenants.academic_years import academic_year_choices

    return academic_year_choices()


@require_safe
@workspace_required
def quality_export(request: HttpRequest) -> HttpResponse:
    """The screen's rows (as filtered and sorted) with every procedure, and the flagged organisations, as XLSX."""
    year = year_of(request)
    subject = _subject(request)
    overview = quality_overview(academic_year=year.label, subject_code=subject)
    rows = quality_rows_filter(overview.rows, **_query(request))
    quality_cells_fill(rows, academic_year=year.label, subject_code=subject)
    listed = flagged_organisations(academic_year=year.label)
    response = HttpResponse(
        quality_xlsx(overview, rows, listed),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="metodika-quality-{year.start}-{stamp}.xlsx"'
    return response


@require_safe
@workspace_required
def quality_organisations(request: HttpRequest) -> HttpResponse:
    """The region's organisations flagged, decided on or supported, with their curators (logged)."""
    year = year_of(request)
    filters = {
        "search": request.GET.get("q", "")[:100],
        "flag": request.GET.get("flag", "") if request.GET.get("flag") in FLAG_FILTERS else "",
        "support_status": request.GET.get("support", "") if request.GET.get("support") in SupportStatus else "",
        "programme_status": request.GET.get("programme", "") if request.GET.get("programme") in ProgrammeStatus else "",
    }
    found = flagged_organisations(
        academic_year=year.label,
        search=filters["search"],
        flag=filters["flag"],
        support_status=filters["support_status"],
        programme_status=filters["programme_status"],
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    curator_ids = {o.curator_user_id for o in listed if o.curator_user_id}
    curators = {user.pk: user.get_full_name() or user.email for user in User.objects.filter(pk__in=curator_ids)}
    entries = [
        {
            "row": o,
            "reasons": reasons_text(o.reasons),
            "support": SupportStatus(o.support_status).label,
            "programme": programme_label(o.programme_status),
            "curator": curators.get(o.curator_user_id or 0, ""),
        }
        for o in listed
    ]
    # A curator's name is personal data: each municipality whose curator was shown is logged.
    named: dict[int, Municipality] = {}
    for entry in entries:
        if entry["curator"]:
            named.setdefault(entry["row"].municipality_id, entry["row"].municipality)
    access_log_record_many(
        acting_user=request.user,
        municipalities=list(named.values()),
        section=LIST_SECTION,
        path=request.get_full_path(),
        personal_data=True,
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "year": year,
        "years": _years(),
        "entries": entries,
        "page_obj": page,
        "filters": filters,
        "params": params.urlencode(),
        "flag_choices": [("low", _("Низкие результаты")), ("nonobjective", _("Признаки необъективности"))],
        "support_choices": SupportStatus.choices,
        "programme_choices": ProgrammeStatus.choices,
    }
    return render(request, "institute/quality/organisations.html", context)


@require_safe
@workspace_required
def municipality_quality_view(request: HttpRequest, slug: str) -> HttpResponse:
    """One municipality's results beside the region's, and its organisations: numbers and
    organisations' names only (no curator, no teacher), from the roll-ups."""
    municipality = municipality_or_404(slug)
    context = drill_context(request, municipality, SECTION)
    year = context["year"]
    organisations = flagged_organisations(academic_year=year.label, municipality_id=municipality.pk)
    context.update(
        lines=municipality_quality(municipality=municipality, academic_year=year.label),
        organisations=[
            {
                "row": o,
                "reasons": reasons_text(o.reasons),
                "support": SupportStatus(o.support_status).label,
                "programme": programme_label(o.programme_status),
            }
            for o in organisations
        ],
    )
    log_read(request, municipality, SECTION, personal_data=False)
    return render(request, "institute/quality/municipality.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def quality_thresholds(request: HttpRequest) -> HttpResponse:
    """The region's thresholds of the flags, with where each default comes from; the institute edits them."""
    thresholds = thresholds_get()
    can_write = workspace_writer(request.user)
    if request.method == "POST":
        workspace_writer_only(request)
        form = QualityThresholdsForm(request.POST, instance=thresholds, read_only=not can_write)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.changed_data}
            if values:
                quality_thresholds_change(acting_user=request.user, values=values)
                messages.success(
                    request, _("Пороги сохранены. Отметки муниципалитетов будут пересчитаны в ближайшие минуты.")
                )
            else:
                messages.info(request, _("Пороги не изменились."))
            return redirect("institute:quality_thresholds")
    else:
        form = QualityThresholdsForm(instance=thresholds, read_only=not can_write)
    return render(
        request,
        "institute/quality/thresholds.html",
        {"form": form, "thresholds": thresholds, "can_write": can_write},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def procedure_kinds(request: HttpRequest) -> HttpResponse:
    """The region's kinds of assessment procedures; the institute adds new ones (a regional
    monitoring study, a new diagnostic work) for every municipality at once."""
    can_write = workspace_writer(request.user)
    form = ProcedureKindForm()
    if request.method == "POST":
        workspace_writer_only(request)
        form = ProcedureKindForm(request.POST)
        if form.is_valid():
            kind = procedure_kind_add(acting_user=request.user, values=form.cleaned_data)
            messages.success(request, _("Вид процедуры «%(kind)s» добавлен.") % {"kind": kind.short_name})
            return redirect("institute:quality_kinds")
    return render(
        request,
        "institute/quality/kinds.html",
        {"kinds": procedure_kind_list(), "form": form, "can_write": can_write},
    )
