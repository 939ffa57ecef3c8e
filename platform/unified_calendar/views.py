"""The unified calendar's screens on the region host (004 §3.3.2, §4.6).

Everyone reads the calendar (month or list, filters) and its feed; institute staff publish,
edit and withdraw events and decide on the municipalities' proposals. Thin views over the
services; plain HTML forms.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cms.base.forms import form_errors_add
from tenants.events.calendar import Month, calendar_days_render, calendar_month
from tenants.events.forms import CalendarFilterForm
from tenants.events.pages import WEEKDAY_NAMES
from unified_calendar.feeds import unified_feed_cached
from unified_calendar.forms import ProposalDecisionForm, RegionalEventForm
from unified_calendar.models import ProposalStatus
from unified_calendar.selectors import (
    proposal_get,
    proposal_list,
    regional_event_for_user,
    regional_event_list,
    user_is_institute,
)
from unified_calendar.services import (
    REGIONAL_EVENT_FIELDS,
    proposal_decide,
    regional_event_create,
    regional_event_update,
    regional_event_withdraw,
)


def institute_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_is_institute(request.user):
            raise PermissionDenied(_("Единый календарь ведут сотрудники ЛОИРО."))
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
def calendar_index(request: HttpRequest) -> HttpResponse:
    """The unified calendar by month (a grid or a list), filtered by form and audience."""
    form = CalendarFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    kind, audience = cleaned.get("kind") or None, cleaned.get("audience") or None
    view = cleaned.get("view") or "month"
    month = Month.parse(request.GET.get("month"))
    kept = {name: value for name, value in (("kind", kind), ("audience", audience), ("view", view)) if value}
    context: dict[str, Any] = {
        "filter_form": form if form.is_bound and form.is_valid() else CalendarFilterForm(initial=kept),
        "month": month,
        "month_start": month.first_day,
        "view": view,
        "query": urlencode(kept) + "&" if kept else "",
        "weekday_names": WEEKDAY_NAMES,
        "is_institute": user_is_institute(request.user),
    }
    if view == "list":
        context["events"] = regional_event_list(
            start=month.first_day, end=month.next.first_day, kind=kind, audience=audience
        )
    else:
        weeks = calendar_month(month=month, public_only=True, kind=kind, audience=audience, include_municipal=False)
        calendar_days_render(weeks, own_url=str)  # regional entries link to their own pages
        context["weeks"] = weeks
    return render(request, "unified_calendar/index.html", context)


@require_safe
def regional_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = regional_event_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]
    if event is None:
        raise Http404
    return render(
        request, "unified_calendar/detail.html", {"event": event, "is_institute": user_is_institute(request.user)}
    )


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(unified_feed_cached(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="unified-calendar.ics"'
    return response


@institute_required
def regional_event_new(request: HttpRequest) -> HttpResponse:
    form = RegionalEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in REGIONAL_EVENT_FIELDS}
        try:
            event = regional_event_create(acting_user=request.user, **data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request, _("Событие «%(title)s» опубликовано в едином календаре.") % {"title": event.title}
            )
            return redirect("unified_calendar:detail", event.pk)
    return render(request, "unified_calendar/form.html", {"form": form, "title": _("Новое значимое событие")})


@institute_required
def regional_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = regional_event_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]
    if event is None:
        raise Http404
    form = RegionalEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in REGIONAL_EVENT_FIELDS}
        event.refresh_from_db()  # the form wrote into the instance; the service compares with the stored row
        try:
            regional_event_update(event=event, data=data, acting_user=request.user)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("unified_calendar:detail", event.pk)
    return render(request, "unified_calendar/form.html", {"form": form, "title": event.title, "event": event})


@require_POST
@institute_required
def regional_event_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    event = regional_event_for_user(pk=pk, user=request.user)  # type: ignore[arg-type]
    if event is None:
        raise Http404
    withdraw = not event.is_withdrawn
    regional_event_withdraw(event=event, withdrawn=withdraw, acting_user=request.user)
    messages.success(request, _("Событие снято с календаря.") if withdraw else _("Событие возвращено в календарь."))
    return redirect("unified_calendar:detail", event.pk)


@institute_required
def proposal_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ProposalStatus.PENDING)
    if status not in ProposalStatus.values and status != "all":
        status = ProposalStatus.PENDING
    proposals = proposal_list(status=None if status == "all" else status)
    return render(
        request,
        "unified_calendar/proposals.html",
        {"proposals": proposals, "status": status, "statuses": ProposalStatus.choices},
    )


@institute_required
def proposal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_get(pk=pk)
    if proposal is None:
        raise Http404
    form = ProposalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_decide(
                proposal=proposal,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Решение по предложению сохранено."))
            return redirect("unified_calendar:proposals")
    return render(request, "unified_calendar/proposal.html", {"proposal": proposal, "form": form})
