"""The events' admin screens: the listing, create and edit through the services (with a warning
about a regional event for the same audience on the same day, 004 §4.6), the inspect view and
the event's actions (participants, export, held, cancel, the proposal, contest results), the
staff calendar, and the unified calendar's events with «take into the plan».
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton

from cms.base.forms import form_errors_add
from tenants.admin_screens import PermissionScreen, ServiceErrorsMixin
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.calendar import Month, calendar_days_render, calendar_month
from tenants.events.exports import XLSX_CONTENT_TYPE, registrations_xlsx
from tenants.events.models import Event, Registration
from tenants.events.pages import WEEKDAY_NAMES
from tenants.events.selectors import (
    CHANGE_PERMISSION,
    VIEW_PERMISSION,
    event_attendance_count,
    event_get,
    event_regional_conflicts,
    event_registrations,
    event_seats_left,
)
from tenants.events.services import (
    EDITABLE_FIELDS,
    contest_results_publish,
    event_cancel,
    event_create,
    event_delete,
    event_mark_held,
    event_propose_to_region,
    event_update,
    regional_event_take_into_plan,
    registration_add_by_organiser,
    registration_attendance_mark,
    registration_cancel,
)
from tenants.events.wagtail_viewsets.forms import AddParticipantForm, CancelForm, ProposeForm, TakeIntoPlanForm

# Registration lists hold the participants' names and addresses: the organisers (methodologists,
# the head) see them, not readers of the admin.
REGISTRATIONS_PERMISSION = "events.change_registration"


def _warn_conflicts(request: HttpRequest, event: Event) -> None:
    """Tell the organiser about significant regional events for the same audience on those days (004 §4.6)."""
    for regional in event_regional_conflicts(event=event):
        messages.warning(
            request,
            gettext_now(
                "В этот день в едином календаре региона: «%(title)s» (%(dates)s, %(audience)s). "
                "Участники могут не прийти — проверьте дату."
            )
            % {
                "title": regional.title,
                "dates": regional.starts_on.strftime("%d.%m.%Y")
                + ("" if regional.ends_on == regional.starts_on else "–" + regional.ends_on.strftime("%d.%m.%Y")),
                "audience": regional.get_audience_display().lower(),
            },
        )


class EventIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("organisation")

    def get_list_more_buttons(self, instance: Event) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if self.request.user.has_perm(REGISTRATIONS_PERMISSION):
            buttons.append(
                ListingButton(
                    _("Участники"), url=reverse("event_admin:registrations", args=[instance.pk]), icon_name="group"
                )
            )
        return buttons


class ConflictsWarnedMixin:
    """After an event is saved, the organiser hears of regional events for its audience on its days."""

    def save_action(self) -> HttpResponse:
        _warn_conflicts(self.request, self.object)  # type: ignore[attr-defined]
        return super().save_action()  # type: ignore[misc,no-any-return]


class EventCreateView(ConflictsWarnedMixin, ServiceErrorsMixin, generic.CreateView):
    def save_instance(self) -> Event:
        data = {k: v for k, v in self.form.cleaned_data.items() if k in EDITABLE_FIELDS}
        return event_create(acting_user=self.request.user, **data)


class EventEditView(ConflictsWarnedMixin, ServiceErrorsMixin, generic.EditView):
    def save_instance(self) -> Event:
        data = {k: v for k, v in self.form.cleaned_data.items() if k in EDITABLE_FIELDS}
        return event_update(event=self.form.instance, data=data, acting_user=self.request.user)


class EventDeleteView(generic.DeleteView):
    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            event_delete(event=self.object, acting_user=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect("event_admin:inspect", self.object.pk)
        messages.success(self.request, gettext_now("Мероприятие «%(title)s» удалено.") % {"title": self.object.title})
        return redirect("event_admin:index")


class EventInspectView(generic.InspectView):
    template_name = "events/admin/inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from tenants.municipalities.selectors import current_municipality
        from unified_calendar.selectors import proposal_latest_for_event

        context = super().get_context_data(**kwargs)
        event = event_get(pk=self.object.pk)
        municipality = current_municipality()
        context.update(
            event=event,
            seats_left=event_seats_left(event=event) if event else None,
            attended=event_attendance_count(event=event) if event else 0,
            can_change=self.request.user.has_perm(CHANGE_PERMISSION),
            can_see_registrations=self.request.user.has_perm(REGISTRATIONS_PERMISSION),
            conflicts=event_regional_conflicts(event=self.object),
            proposal=proposal_latest_for_event(municipality=municipality, event_id=self.object.pk)
            if municipality
            else None,
            public_url=reverse("events:event", args=[self.object.pk]),
            starts=timezone.localtime(self.object.starts_at),
            ends=timezone.localtime(self.object.ends_at),
        )
        return context


# --- actions on one event -------------------------------------------------------------------


class EventActionMixin(WagtailAdminTemplateMixin):
    """A screen about one event; ``permission`` is checked before anything is read."""

    permission = CHANGE_PERMISSION
    header_icon = "date"
    event: Event

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        event = event_get(pk=kwargs["pk"])
        if event is None:
            raise Http404
        self.event = event
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_page_subtitle(self) -> str:
        return self.event.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("event_admin:index"), "label": Event._meta.verbose_name_plural},
            {"url": reverse("event_admin:inspect", args=[self.event.pk]), "label": self.event.title},
            {"url": "", "label": self.get_page_title()},
        ]


class RegistrationsView(EventActionMixin, TemplateView):
    """The organisers' list: seats, the waiting list, attendance marks, cancellation, the code."""

    permission = REGISTRATIONS_PERMISSION
    page_title = _("Участники мероприятия")
    template_name = "events/admin/registrations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            registrations=list(event_registrations(event=self.event)),
            seats_left=event_seats_left(event=self.event),
            export_url=reverse("event_admin:registrations_export", args=[self.event.pk]),
        )
        context.setdefault("add_form", AddParticipantForm())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "add":
            return self.add_participant(request)
        registration_id = request.POST.get("registration", "")
        if not registration_id.isdigit():
            raise Http404
        registration = Registration.objects.filter(event=self.event, pk=int(registration_id)).first()
        if registration is None:
            raise Http404
        action = request.POST.get("action")
        try:
            if action in ("attend", "unattend"):
                registration_attendance_mark(
                    registration=registration, attended=action == "attend", acting_user=request.user
                )
            elif action == "cancel":
                registration_cancel(registration=registration, acting_user=request.user)
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext_now("Сохранено: %(name)s.") % {"name": registration.full_name})
        return redirect("event_admin:registrations", self.event.pk)

    def add_participant(self, request: HttpRequest) -> HttpResponse:
        form = AddParticipantForm(request.POST)
        if form.is_valid():
            try:
                registration = registration_add_by_organiser(
                    event=self.event, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    gettext_now("Добавлен участник: %(name)s (%(status)s).")
                    % {"name": registration.full_name, "status": registration.get_status_display().lower()},
                )
                return redirect("event_admin:registrations", self.event.pk)
        return self.render_to_response(self.get_context_data(add_form=form), status=400)


def registrations_export(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(REGISTRATIONS_PERMISSION):
        raise PermissionDenied
    event = event_get(pk=pk)
    if event is None:
        raise Http404
    response = HttpResponse(registrations_xlsx(event=event), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-participants.xlsx"'
    return response


class EventFormActionView(EventActionMixin, FormView):
    template_name = "events/admin/action_form.html"
    submit_label: Any = _("Сохранить")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "event": self.event, "submit_label": self.submit_label}

    def act(self, form: forms.Form) -> str:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            message = self.act(form)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("event_admin:inspect", self.event.pk)


class EventCancelView(EventFormActionView):
    page_title = _("Отмена мероприятия")
    form_class = CancelForm
    submit_label = _("Отменить мероприятие")

    def act(self, form: forms.Form) -> str:
        event_cancel(event=self.event, reason=form.cleaned_data["reason"], acting_user=self.request.user)
        return gettext_now("Мероприятие отменено; участники получат письмо.")


class EventProposeView(EventFormActionView):
    page_title = _("Предложить в единый календарь региона")
    form_class = ProposeForm
    submit_label = _("Направить предложение в ЛОИРО")

    def act(self, form: forms.Form) -> str:
        event_propose_to_region(event=self.event, note=form.cleaned_data["note"], acting_user=self.request.user)
        return gettext_now("Предложение направлено в ЛОИРО.")


class EventHeldView(EventFormActionView):
    page_title = _("Отметить мероприятие проведённым")
    form_class = forms.Form
    submit_label = _("Мероприятие проведено")

    def act(self, form: forms.Form) -> str:
        event = event_mark_held(event=self.event, acting_user=self.request.user)
        refusal = getattr(event, "plan_refusal", "")
        if refusal:
            messages.warning(self.request, gettext_now("Пункт плана не отмечен: %(reason)s") % {"reason": refusal})
        return gettext_now("Мероприятие отмечено проведённым.")


class EventResultsView(EventFormActionView):
    page_title = _("Итоги конкурса на сайте")
    form_class = forms.Form

    @property
    def submit_label(self) -> Any:  # type: ignore[override]
        return _("Снять итоги с сайта") if self.event.results_published_at else _("Опубликовать итоги на сайте")

    def act(self, form: forms.Form) -> str:
        publish = not self.event.results_published_at
        contest_results_publish(event=self.event, publish=publish, acting_user=self.request.user)
        return gettext_now("Итоги опубликованы.") if publish else gettext_now("Итоги сняты с сайта.")


# --- the staff calendar ---------------------------------------------------------------------


class StaffCalendarView(PermissionScreen):
    """Every event of the municipality (staff-only ones too) and the unified calendar, by month."""

    page_title = _("Календарь мероприятий")
    header_icon = "calendar"
    template_name = "events/admin/calendar.html"
    permission_required = VIEW_PERMISSION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        month = Month.parse(self.request.GET.get("month"))
        kind = self.request.GET.get("kind") if self.request.GET.get("kind") in EventKind.values else None
        audience = (
            self.request.GET.get("audience") if self.request.GET.get("audience") in EventAudience.values else None
        )
        weeks = calendar_month(month=month, public_only=False, kind=kind, audience=audience, include_staff_sources=True)
        prefix = reverse("event_admin:inspect", args=[0]).removesuffix("0/")
        calendar_days_render(weeks, own_url=lambda pk: f"{prefix}{pk}/")
        context.update(
            month=month,
            month_start=month.first_day,
            weeks=weeks,
            weekday_names=WEEKDAY_NAMES,
            kinds=EventKind.choices,
            audiences=EventAudience.choices,
            chosen_kind=kind or "",
            chosen_audience=audience or "",
        )
        return context


# --- the unified calendar in the municipality's admin ------------------------------------------

PLAN_ADD_PERMISSION = "plans.add_planitem"


class RegionalEventsView(WagtailAdminTemplateMixin, TemplateView):
    """The unified calendar's coming events, each of which the annual plan may take (004 §4.6)."""

    page_title = _("Единый календарь региона")
    header_icon = "calendar-alt"
    template_name = "events/admin/regional_events.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from unified_calendar.selectors import regional_event_list

        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            events=regional_event_list(start=today - datetime.timedelta(days=31)),
            can_plan=self.request.user.has_perm(PLAN_ADD_PERMISSION),
        )
        return context


class TakeIntoPlanView(WagtailAdminTemplateMixin, FormView):
    page_title = _("Взять в годовой план")
    header_icon = "calendar-alt"
    template_name = "events/admin/action_form.html"
    form_class = TakeIntoPlanForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from unified_calendar.selectors import regional_event_get

        if not request.user.has_perm(PLAN_ADD_PERMISSION):
            raise PermissionDenied
        regional_event = regional_event_get(pk=kwargs["pk"])
        if regional_event is None:
            raise Http404
        self.regional_event = regional_event
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.regional_event.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "submit_label": _("Добавить в план")}

    def form_valid(self, form: TakeIntoPlanForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            item = regional_event_take_into_plan(
                regional_event=self.regional_event,
                plan=data["plan"],
                direction=data["direction"],
                correction=data.get("correction"),
                new_correction_kind=data.get("new_correction_kind") or "",
                new_correction_reason=data.get("new_correction_reason") or "",
                acting_user=self.request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("В план добавлено: %(item)s.") % {"item": item.topic})
        return redirect("event_admin:regional")
