"""The municipalities' yearly analyses as the institute sees them (000 §3.6, 001 §3.4).

Which municipalities have submitted their analysis to the committee chair and which were
accepted, from the roll-ups; an accepted analysis opens as its PDF, read from the municipality's
schema and written to the access log.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tenants.utils import tenant_context

from accounts.workspace_access import workspace_required
from institute.selectors import annual_report_rows
from institute.views import log_read, municipality_or_404, year_of
from rollups.models import MunicipalityYearRollup
from tenants.academic_years import academic_year_choices
from tenants.downloads import stored_file_response
from tenants.plans.models import ReportSubmission
from tenants.plans.selectors import plan_report_get


@require_safe
@workspace_required
def annual_reports(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    rows = annual_report_rows(academic_year=year.label)
    counts = {status: sum(1 for row in rows if row.status == status) for status in ReportSubmission.values}
    context = {"year": year, "years": academic_year_choices(), "rows": rows, "counts": counts}
    return render(request, "institute/annual_reports.html", context)


@require_safe
@workspace_required
def annual_report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The accepted analysis of the year as its PDF; nothing before the chair accepts it."""
    municipality = municipality_or_404(slug)
    year = year_of(request)
    rollup = MunicipalityYearRollup.objects.filter(
        municipality=municipality, academic_year=year.label, annual_report_status=ReportSubmission.ACCEPTED
    ).first()
    if rollup is None or rollup.annual_report_id is None:
        raise Http404
    with tenant_context(municipality):
        report = plan_report_get(pk=rollup.annual_report_id)
        if report is None or report.submission != ReportSubmission.ACCEPTED:
            raise Http404
        response = stored_file_response(report.pdf_file, kind="pdf", public=False)
    log_read(request, municipality, "annual_report", personal_data=False)
    return response
