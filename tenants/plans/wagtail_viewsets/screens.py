"""The annual plan's admin screens: the plan screen (grid, items, workflow buttons, history),
items, marking held, corrections, the plan as of a date, whole-plan actions (cyclogram, copy,
exports, import, reports). Every write goes through ``tenants.plans.services``; views only
parse forms and show errors.
"""

from __future__ import annotations

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

from cms.base.forms import form_errors_add
from rollups.models import PlanStatus
from tenants.plans import services
from tenants.plans.models import (
    AnnualPlan,
    PlanCorrection,
    PlanItem,
    ReportKind,
)
from tenants.plans.selectors import (
    VIEW_PERMISSION,
    plan_correction_get,
    plan_corrections,
    plan_get,
    plan_grid,
    plan_item_get,
    plan_items,
    plan_items_as_of,
    plan_reports,
    plan_section_texts,
    plan_summary,
    plan_transitions,
    user_holds_role,
    user_may_transition,
)
from tenants.plans.wagtail_viewsets.forms import (
    CorrectionForm,
    ItemFilterForm,
    MarkDoneForm,
    MoveCancelForm,
    PlanCreateForm,
    PlanItemForm,
    TransitionForm,
)

ADD_PERMISSION = "plans.add_annualplan"


TRANSITION_LABELS = {
    PlanStatus.SUBMITTED: _("Направить на утверждение"),
    PlanStatus.APPROVED: _("Утвердить"),
    PlanStatus.RETURNED: _("Вернуть на доработку"),
    PlanStatus.IN_EXECUTION: _("Начать исполнение"),
    PlanStatus.CLOSED: _("Закрыть план"),
}


TRANSITION_SERVICES: dict[str, Any] = {
    PlanStatus.SUBMITTED: services.plan_submit,
    PlanStatus.APPROVED: services.plan_approve,
    PlanStatus.RETURNED: services.plan_return,
    PlanStatus.IN_EXECUTION: services.plan_start_execution,
    PlanStatus.CLOSED: services.plan_close,
}


def plan_or_404(request: HttpRequest, pk: int) -> AnnualPlan:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    plan = plan_get(pk=pk)
    if plan is None:
        raise Http404
    return plan


class PlanPage(WagtailAdminTemplateMixin):
    """Furniture shared by the plan's screens: breadcrumbs back to the list and the plan."""

    header_icon = "date"
    plan: AnnualPlan
    request: HttpRequest

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("plans:index"), "label": AnnualPlan._meta.verbose_name_plural},
            {"url": reverse("plans_screen:plan", args=[self.plan.pk]), "label": str(self.plan)},
            {"url": "", "label": self.get_page_title()},
        ]


# --- the plan screen ---------------------------------------------------------------------------


class PlanScreenView(PlanPage, TemplateView):
    template_name = "plans/admin/plan.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.plan)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("plans:index"), "label": AnnualPlan._meta.verbose_name_plural},
            {"url": "", "label": str(self.plan)},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filters = ItemFilterForm(self.request.GET or None)
        chosen: dict[str, Any] = {}
        if filters.is_valid():
            data = filters.cleaned_data
            chosen = {
                "direction": data["direction"].pk if data["direction"] else None,
                "form": data["form"] or None,
                "responsible": data["responsible"].pk if data["responsible"] else None,
                "status": data["status"] or None,
                "month": data["month"],
            }
        all_items = list(plan_items(plan=self.plan))
        directions, grid = plan_grid(plan=self.plan, items=all_items)
        summary = plan_summary(plan=self.plan)
        context.update(
            plan=self.plan,
            filters=filters,
            items=plan_items(plan=self.plan, **chosen) if chosen else all_items,
            pending=plan_items(plan=self.plan, include_pending=True).filter(
                correction__isnull=False, correction__applied_at__isnull=True
            ),
            directions=directions,
            grid=grid,
            summary=summary,
            transitions=plan_transitions(plan=self.plan),
            buttons=[
                (to, TRANSITION_LABELS[to]) for to in TRANSITION_LABELS if user_may_transition(user, self.plan, to)
            ],
            can_edit=user.has_perm(services.EDIT_PERMISSION),
            reports=plan_reports(plan=self.plan)[:10],
            report_kinds=ReportKind.choices,
            section_texts=plan_section_texts(plan=self.plan),
            can_submit_report=user.has_perm("plans.submit_annualplan"),
            can_decide_report=user.has_perm("plans.approve_annualplan"),
            today=timezone.localdate(),
        )
        return context


class PlanTransitionView(PlanPage, FormView):
    """One step of the workflow with a comment; the service checks the role."""

    template_name = "plans/admin/form.html"
    form_class = TransitionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
        self.to_status = kwargs["to"]
        if self.to_status not in TRANSITION_SERVICES:
            raise Http404
        if not user_may_transition(request.user, self.plan, self.to_status):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(TRANSITION_LABELS[self.to_status])

    def form_valid(self, form: TransitionForm) -> HttpResponse:
        service: Any = TRANSITION_SERVICES[self.to_status]
        try:
            service(plan=self.plan, acting_user=self.request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Статус плана: %(s)s.") % {"s": self.plan.get_status_display()})
        return redirect("plans_screen:plan", self.plan.pk)


# --- items -------------------------------------------------------------------------------------


class PlanItemEditView(PlanPage, FormView):
    """Create (in a draft or within an open correction) or edit an item, through the services."""

    template_name = "plans/admin/form.html"
    form_class = PlanItemForm
    item: PlanItem | None = None
    correction: PlanCorrection | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "item" in kwargs:
            self.item = plan_item_get(pk=kwargs["item"])
            if self.item is None or self.item.plan_id != kwargs["pk"]:
                raise Http404
        self.plan = plan_or_404(request, kwargs["pk"])
        if "correction" in kwargs:
            self.correction = plan_correction_get(pk=kwargs["correction"])
            if self.correction is None or self.correction.plan_id != self.plan.pk:
                raise Http404
        if not request.user.has_perm(services.EDIT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Мероприятие плана") if self.item else gettext_now("Новое мероприятие плана")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.item, "correction": self.correction}

    def form_valid(self, form: PlanItemForm) -> HttpResponse:
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            if self.item is None:
                services.plan_item_create(
                    plan=self.plan,
                    acting_user=self.request.user,
                    correction=self.correction,
                    reason=form.cleaned_data.get("reason", ""),
                    **data,
                )
            else:
                services.plan_item_update(item=self.item, acting_user=self.request.user, data=data)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Мероприятие сохранено."))
        if self.correction is not None:
            return redirect("plans_screen:corrections", self.plan.pk)
        return redirect("plans_screen:plan", self.plan.pk)


class PlanItemDoneView(PlanPage, FormView):
    template_name = "plans/admin/form.html"
    form_class = MarkDoneForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
        item = plan_item_get(pk=kwargs["item"])
        if item is None or item.plan_id != self.plan.pk:
            raise Http404
        self.item = item
        if not request.user.has_perm(services.EDIT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Отметить выполнение: %(topic)s") % {"topic": self.item.topic}

    def get_initial(self) -> dict[str, Any]:
        return {"participants": self.item.participants, "actual_result": self.item.actual_result}

    def form_valid(self, form: MarkDoneForm) -> HttpResponse:
        try:
            services.plan_item_mark_done(item=self.item, acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Выполнение отмечено."))
        return redirect("plans_screen:plan", self.plan.pk)


# --- corrections -------------------------------------------------------------------------------


class PlanCorrectionsView(PlanPage, TemplateView):
    """The corrections of the plan: each with its entries; open ones take changes and are applied."""

    template_name = "plans/admin/corrections.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Коррекции плана")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            plan=self.plan,
            corrections=plan_corrections(plan=self.plan),
            form=kwargs.get("form") or CorrectionForm(),
            entry_form=kwargs.get("entry_form") or MoveCancelForm(plan=self.plan),
            can_correct=self.plan.takes_corrections and user.has_perm("plans.add_plancorrection"),
            can_apply=self.plan.takes_corrections and user_holds_role(user, "head"),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("plans.add_plancorrection"):
            raise PermissionDenied
        op = request.POST.get("op")
        try:
            if op == "create":
                form = CorrectionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                services.plan_correction_create(plan=self.plan, acting_user=request.user, **form.cleaned_data)
            elif op in ("entry", "apply"):
                correction = plan_correction_get(pk=int(request.POST.get("correction", 0)))
                if correction is None or correction.plan_id != self.plan.pk:
                    raise Http404
                if op == "apply":
                    services.plan_correction_apply(correction=correction, acting_user=request.user)
                else:
                    entry_form = MoveCancelForm(request.POST, plan=self.plan)
                    if not entry_form.is_valid():
                        return self.render_to_response(self.get_context_data(entry_form=entry_form))
                    data = entry_form.cleaned_data
                    if data["action"] == "move":
                        services.plan_correction_move(
                            correction=correction,
                            item=data["item"],
                            reason=data["reason"],
                            acting_user=request.user,
                            new_month=data["new_month"],
                            new_date_start=data["new_date_start"],
                            new_date_end=data["new_date_end"],
                        )
                    else:
                        services.plan_correction_cancel(
                            correction=correction, item=data["item"], reason=data["reason"], acting_user=request.user
                        )
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext_now("Сохранено."))
        return redirect("plans_screen:corrections", self.plan.pk)


class PlanAsOfView(PlanPage, TemplateView):
    template_name = "plans/admin/as_of.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("План на дату")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        field = forms.DateField()
        try:
            on = field.clean(self.request.GET.get("on")) if self.request.GET.get("on") else timezone.localdate()
        except ValidationError:
            on = timezone.localdate()
        context.update(plan=self.plan, on=on, rows=plan_items_as_of(plan=self.plan, on=on))
        return context


# --- a new plan, deleting a draft -------------------------------------------------------------


class PlanCreateView(WagtailAdminTemplateMixin, FormView):
    page_title = _("Новый годовой план")
    header_icon = "date"
    template_name = "plans/admin/form.html"
    form_class = PlanCreateForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(ADD_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[PlanCreateForm]:
        return PlanCreateForm  # not the viewset's model form, which the viewset passes in

    def form_valid(self, form: PlanCreateForm) -> HttpResponse:
        try:
            plan = services.plan_create(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
            return self.form_invalid(form)
        return redirect("plans_screen:plan", plan.pk)


class PlanDeleteView(generic.DeleteView):
    """Deleting goes through ``plan_delete``: only a draft never submitted may go."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.plan_delete(plan=self.object, acting_user=self.request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect("plans_screen:plan", self.object.pk)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())
