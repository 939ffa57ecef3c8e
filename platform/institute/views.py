"""The institute's workspace on the region host: the dashboard, its export, the drill-down.

Views are thin: numbers come from ``institute.dashboard`` (roll-ups only), writes from
``institute.services``. A drill-down reads ONE municipality's schema per request, through the
owning apps' selectors inside ``tenant_context``; every drill-down page is written to the access
log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_tenants.utils import tenant_context

from accounts.workspace_access import workspace_required, workspace_writer, workspace_writer_only
from agreements.selectors import agreement_list
from institute.attention import region_attention
from institute.charts import heat_map, percent, share_done_chart, sparkline
from institute.dashboard import (
    AGREEMENT_FILTER_MISSING,
    SORT_KEYS,
    Dashboard,
    DashboardQuery,
    DashboardRow,
    DirectionCell,
    dashboard_directions,
    dashboard_directions_fill,
    dashboard_page,
    dashboard_rows,
    share,
)
from institute.export import dashboard_xlsx
from institute.forms import CommentReplyForm, PlanCommentForm
from institute.selectors import access_log_list, indicator_series, plan_comment_thread_get, plan_comment_threads
from institute.services import access_log_record, plan_comment_create, plan_comment_reply
from rollups.models import DirectionYearRollup, MunicipalityYearRollup, PlanStatus
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.municipalities.models import Municipality, MunicipalityStatus

PAGE_SIZE = 100


def listing_params(request: HttpRequest) -> tuple[str, str]:
    """The list's query without its page (for the pager's links), and also without its sort (for
    the sortable headers)."""
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    sort_params.pop("dir", None)
    return params.urlencode(), sort_params.urlencode()


def year_of(request: HttpRequest) -> AcademicYear:
    raw = request.GET.get("year", "")
    if raw.isdigit() and any(int(raw) == y for y, _label in academic_year_choices()):
        return AcademicYear(int(raw))
    return AcademicYear.current()


def _dashboard_query(request: HttpRequest) -> DashboardQuery:
    sort = request.GET.get("sort", "name")
    return DashboardQuery(
        search=request.GET.get("q", "")[:100],
        plan_status=request.GET.get("plan_status", "") if request.GET.get("plan_status") in PlanStatus else "",
        agreement=AGREEMENT_FILTER_MISSING if request.GET.get("agreement") == AGREEMENT_FILTER_MISSING else "",
        sort=sort if sort in SORT_KEYS else "name",
        descending=request.GET.get("dir") == "desc",
    )


@require_safe
@workspace_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every municipality at a glance (000 §3.3, 004 §4.4, §4.6), from the roll-ups.

    The database filters, sorts, sums and cuts the page: one query whatever the number of
    municipalities."""
    year = year_of(request)
    query = _dashboard_query(request)
    raw_page = request.GET.get("page", "1")
    asked = int(raw_page) if raw_page.lstrip("-").isdigit() and len(raw_page) < 10 else 1
    shown = dashboard_page(academic_year=year.label, query=query, page=asked, page_size=PAGE_SIZE)
    summary, page_rows, directions = shown.summary, shown.rows, shown.directions
    # The pager's links only: the rows are already cut.
    page = Paginator(range(summary.matched), PAGE_SIZE).get_page(shown.number)
    params, sort_params = listing_params(request)
    context = {
        "year": year,
        "years": academic_year_choices(),
        "dashboard": Dashboard(academic_year=year.label, rows=page_rows, directions=directions),
        "rows": page_rows,
        "page_obj": page,
        "matched": summary.matched,
        "totals": summary.totals,
        "query": query,
        "plan_statuses": PlanStatus.choices,
        "missing_filter": AGREEMENT_FILTER_MISSING,
        "without_agreement": summary.without_agreement,
        "attention": region_attention(
            user=request.user,  # type: ignore[arg-type]
            year=year,
            without_agreement=summary.without_agreement,
            missing_filter=AGREEMENT_FILTER_MISSING,
        ),
        "params": params,
        "sort_params": sort_params,
        "chart": share_done_chart(page_rows),
        "heat": heat_map(page_rows, directions),
        "can_write": workspace_writer(request.user),
    }
    return render(request, "institute/dashboard.html", context)


@require_safe
@workspace_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's rows (as filtered and sorted on screen) with the totals, as XLSX."""
    year = year_of(request)
    rows = dashboard_rows(academic_year=year.label, query=_dashboard_query(request))
    dashboard_directions_fill(rows, academic_year=year.label)
    data = Dashboard(academic_year=year.label, rows=rows, directions=dashboard_directions(academic_year=year.label))
    response = HttpResponse(
        dashboard_xlsx(data, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="metodika-region-{year.start}-{stamp}.xlsx"'
    return response


# --- drill-down -----------------------------------------------------------------------------


def municipality_or_404(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug, status=MunicipalityStatus.ACTIVE).first()
    if municipality is None:
        raise Http404
    return municipality


def _row_of(municipality: Municipality, year: AcademicYear) -> DashboardRow:
    """The municipality's roll-up row as a dashboard row (two queries, public schema)."""
    row = DashboardRow(municipality_id=municipality.pk, name=municipality.name, slug=municipality.slug)
    rollup = MunicipalityYearRollup.objects.filter(municipality=municipality, academic_year=year.label).first()
    if rollup is not None:
        row.plan_status = rollup.plan_status
        row.items_total, row.items_planned = rollup.plan_items_total, rollup.plan_items_planned
        row.items_done, row.items_moved = rollup.plan_items_done, rollup.plan_items_moved
        row.items_cancelled = rollup.plan_items_cancelled
        row.events_held, row.events_participants = rollup.events_held, rollup.events_participants
        row.teachers_total, row.pd_up_to_date, row.pd_overdue = (
            rollup.teachers_total,
            rollup.pd_up_to_date,
            rollup.pd_overdue,
        )
        row.documents_required, row.documents_in_force = rollup.documents_required, rollup.documents_in_force
        row.last_activity_at = rollup.last_activity_at
    for direction in DirectionYearRollup.objects.filter(municipality=municipality, academic_year=year.label):
        row.directions[direction.direction_name] = DirectionCell(
            direction.planned, direction.done, direction.moved, direction.cancelled
        )
    return row


def drill_context(request: HttpRequest, municipality: Municipality, section: str) -> dict[str, Any]:
    year = year_of(request)
    return {
        "municipality": municipality,
        "year": year,
        "years": academic_year_choices(),
        "section": section,
        "can_write": workspace_writer(request.user),
    }


def log_read(request: HttpRequest, municipality: Municipality, section: str, *, personal_data: bool) -> None:
    access_log_record(
        acting_user=request.user,
        municipality=municipality,
        section=section,
        path=request.get_full_path(),
        personal_data=personal_data,
    )


@require_safe
@workspace_required
def municipality_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """One municipality: its indicators now and over time, its agreements, the comment threads."""
    municipality = municipality_or_404(slug)
    context = drill_context(request, municipality, "overview")
    year: AcademicYear = context["year"]
    row = _row_of(municipality, year)
    series = indicator_series(municipality=municipality, academic_year=year.label)
    threads = list(plan_comment_threads(municipality=municipality, academic_year=year.start))
    context.update(
        row=row,
        series=series,
        series_done=sparkline(
            [
                (s.taken_on.strftime("%d.%m"), share(s.plan_items_done, s.plan_items_total - s.plan_items_cancelled))
                for s in series
            ]
        ),
        series_rows=[
            {
                "snapshot": s,
                "share_done": percent(share(s.plan_items_done, s.plan_items_total - s.plan_items_cancelled)),
                "pd_coverage": percent(share(s.pd_up_to_date, s.teachers_total)),
                "documents": percent(share(s.documents_in_force, s.documents_required)),
            }
            for s in reversed(series)
        ],
        agreements=list(agreement_list(municipality_id=municipality.pk)),
        threads=threads,
        comment_form=PlanCommentForm(),
        reply_form=CommentReplyForm(),
    )
    # Comment threads carry the names of the municipality's staff who answered.
    log_read(request, municipality, "overview", personal_data=bool(threads))
    return render(request, "institute/municipality_overview.html", context)


@require_safe
@workspace_required
def municipality_documents(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's document register, read-only (004 §4.10): kinds, states, versions in force."""
    from tenants.registry.selectors import KindState, nomenclature_overview, register_summary_of

    municipality = municipality_or_404(slug)
    context = drill_context(request, municipality, "documents")
    with tenant_context(municipality):
        entries = nomenclature_overview()
    context.update(entries=entries, summary=register_summary_of(entries), states=KindState)
    log_read(request, municipality, "documents", personal_data=False)
    return render(request, "institute/municipality_documents.html", context)


@require_safe
@workspace_required
def municipality_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's annual plan, read-only (000 §3.2, 001 §3.3): items with their
    responsible persons, the status history, the corrections, and the plan as of a date."""
    from tenants.plans.selectors import (
        plan_corrections,
        plan_for_year,
        plan_items,
        plan_items_as_of,
        plan_transitions,
    )

    municipality = municipality_or_404(slug)
    context = drill_context(request, municipality, "plan")
    year: AcademicYear = context["year"]
    as_of = _date_param(request, "on")
    with tenant_context(municipality):
        plan = plan_for_year(academic_year=year)
        if plan is not None:
            context.update(
                plan=plan,
                items=list(plan_items(plan=plan)),
                items_as_of=plan_items_as_of(plan=plan, on=as_of) if as_of else None,
                transitions=list(plan_transitions(plan=plan)),
                corrections=list(plan_corrections(plan=plan)),
            )
    threads = list(plan_comment_threads(municipality=municipality, academic_year=year.start))
    context.update(
        as_of=as_of,
        threads_by_item={t.plan_item_id: t for t in threads if t.plan_item_id},
        threads=[t for t in threads if t.plan_item_id],
        reply_form=CommentReplyForm(),
    )
    # The items name their responsible persons; the history names who moved the plan.
    log_read(request, municipality, "plan", personal_data=plan is not None)
    return render(request, "institute/municipality_plan.html", context)


@require_safe
@workspace_required
def municipality_events(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's events of the academic year, read-only (000 §2.3.3): no participants' names."""
    from tenants.events.selectors import event_list

    municipality = municipality_or_404(slug)
    context = drill_context(request, municipality, "events")
    year: AcademicYear = context["year"]
    start = timezone.make_aware(datetime.datetime.combine(year.first_day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(year.last_day + datetime.timedelta(days=1), datetime.time.min))
    with tenant_context(municipality):
        events = list(event_list(public_only=False, start=start, end=end))
    context["events"] = events
    log_read(request, municipality, "events", personal_data=False)
    return render(request, "institute/municipality_events.html", context)


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None


@require_POST
@workspace_required
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    workspace_writer_only(request)
    municipality = municipality_or_404(slug)
    year = year_of(request)
    form = PlanCommentForm(request.POST)
    if form.is_valid():
        item_id = form.cleaned_data.get("plan_item_id")
        item_title = ""
        if item_id:
            # The item is looked up in this municipality's plan for the year, never taken on trust.
            from tenants.plans.selectors import plan_item_get

            with tenant_context(municipality):
                item = plan_item_get(pk=item_id)
                if item is None or item.plan.academic_year != year.start:
                    raise Http404
                item_title = item.topic
        try:
            plan_comment_create(
                municipality=municipality,
                academic_year=year.start,
                text=form.cleaned_data["text"],
                plan_item_id=item_id,
                plan_item_title=item_title,
                acting_user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Комментарий отправлен муниципалитету."))
    else:
        messages.error(request, _("Комментарий не отправлен: напишите текст."))
    target = "institute:municipality_plan" if request.POST.get("return_to") == "plan" else "institute:municipality"
    return redirect(f"{reverse(target, args=(municipality.slug,))}?year={year.start}")


@require_POST
@workspace_required
def comment_reply(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    workspace_writer_only(request)
    municipality = municipality_or_404(slug)
    thread = plan_comment_thread_get(municipality=municipality, comment_id=comment_id)
    if thread is None:
        raise Http404
    form = CommentReplyForm(request.POST)
    if form.is_valid():
        plan_comment_reply(comment=thread, text=form.cleaned_data["text"], acting_user=request.user)
        messages.success(request, _("Ответ отправлен."))
    else:
        messages.error(request, _("Ответ не отправлен: напишите текст."))
    url = reverse("institute:municipality", args=(municipality.slug,))
    return redirect(f"{url}?year={thread.academic_year}#comment-{thread.pk}")


@require_safe
@workspace_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read which municipality's data through the workspace, newest first."""
    return render(request, "institute/access_log.html", {"entries": access_log_list()})
