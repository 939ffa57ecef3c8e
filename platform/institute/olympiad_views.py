"""The institute's screens of the olympiad, teachers' contests and innovation projects (roll-ups, no names)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.workspace_access import workspace_required
from institute.contests import contest_region
from institute.innovation import innovation_headers, innovation_region
from institute.olympiads import olympiad_region
from institute.views import year_of
from tenants.academic_years import academic_year_choices
from tenants.olympiads.models import Subject


@require_safe
@workspace_required
def olympiads(request: HttpRequest) -> HttpResponse:
    """Participants, winners and prize-winners per municipality and subject; the delegations."""
    year = year_of(request)
    subject = request.GET.get("subject", "")
    if subject not in Subject.values:
        subject = ""
    context = {
        "year": year,
        "years": academic_year_choices(),
        "subjects": Subject.choices,
        "subject": subject,
        "region": olympiad_region(academic_year=year.label, subject=subject),
    }
    return render(request, "institute/olympiads.html", context)


@require_safe
@workspace_required
def innovation(request: HttpRequest) -> HttpResponse:
    """Innovation projects per municipality: by status, and the sites by level."""
    rows, totals = innovation_region()
    return render(
        request, "institute/innovation.html", {"rows": rows, "totals": totals, "headers": innovation_headers()}
    )


@require_safe
@workspace_required
def contests(request: HttpRequest) -> HttpResponse:
    """Teachers' professional contests per municipality: participants, winners, the delegations, by stage."""
    year = year_of(request)
    context = {"year": year, "years": academic_year_choices(), "region": contest_region(academic_year=year.label)}
    return render(request, "institute/contests.html", context)
