"""The annual plan in the municipality's Wagtail admin.

«Годовой план» in the menu groups: the plans (list, create, the plan screen), the directions
catalogue and the cyclogram. The plan screen has the month × direction grid, the filtered list
of items, the workflow buttons each role may use, the history of transitions, corrections,
"the plan as of a date", reports with their progress, import and exports. Every write goes
through ``tenants.plans.services``; views only parse forms and show errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.base.forms import form_errors_add
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear, Month, academic_year_choices
from tenants.people.models import Methodologist
from tenants.plans import services
from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    Direction,
    ItemForm,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionKind,
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
    plan_report_get,
    plan_reports,
    plan_summary,
    plan_transitions,
    user_holds_role,
    user_may_transition,
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


def _plan_or_404(request: HttpRequest, pk: int) -> AnnualPlan:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    plan = plan_get(pk=pk)
    if plan is None:
        raise Http404
    return plan


class _PlanPage(WagtailAdminTemplateMixin):
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


class ItemFilterForm(forms.Form):
    direction = forms.ModelChoiceField(Direction.objects.all(), required=False, label=_("Направление"))
    form = forms.ChoiceField(choices=[("", "—"), *ItemForm.choices], required=False, label=_("Форма"))
    responsible: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Methodologist.objects.none(), required=False, label=_("Ответственный")
    )
    status = forms.ChoiceField(choices=[("", "—"), *ItemStatus.choices], required=False, label=_("Статус"))
    month = forms.TypedChoiceField(
        choices=[("", "—"), *Month.choices], coerce=int, empty_value=None, required=False, label=_("Месяц")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Methodologist.objects.select_related("user")  # type: ignore[attr-defined]


class PlanScreenView(_PlanPage, TemplateView):
    template_name = "plans/admin/plan.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
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
            today=timezone.localdate(),
        )
        return context


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanTransitionView(_PlanPage, FormView):
    """One step of the workflow with a comment; the service checks the role."""

    template_name = "plans/admin/form.html"
    form_class = TransitionForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
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


class PlanItemForm(forms.ModelForm):
    reason = forms.CharField(label=_("Основание (для коррекции)"), required=False)

    class Meta:
        model = PlanItem
        fields = [
            "direction",
            "form",
            "topic",
            "audience",
            "month",
            "date_start",
            "date_end",
            "responsible",
            "responsible_text",
            "organisation",
            "body",
            "expected_result",
        ]
        widgets = {
            "date_start": forms.DateInput(attrs={"type": "date"}),
            "date_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, correction: PlanCorrection | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correction is None:
            del self.fields["reason"]

    def _post_clean(self) -> None:
        # The service validates the item against its plan; the form only parses.
        pass


class PlanItemEditView(_PlanPage, FormView):
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
        self.plan = _plan_or_404(request, kwargs["pk"])
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


class MarkDoneForm(forms.Form):
    participants = forms.IntegerField(label=_("Число участников"), min_value=0)
    actual_result = forms.CharField(label=_("Фактический результат"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanItemDoneView(_PlanPage, FormView):
    template_name = "plans/admin/form.html"
    form_class = MarkDoneForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
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


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид коррекции"), choices=PlanCorrectionKind.choices)
    period_start = forms.DateField(label=_("Период (любой день в нём)"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Основание"), widget=forms.Textarea(attrs={"rows": 3}))


class MoveCancelForm(forms.Form):
    item = forms.ModelChoiceField(queryset=PlanItem.objects.none(), label=_("Мероприятие"))
    action = forms.ChoiceField(label=_("Действие"), choices=[("move", _("перенести")), ("cancel", _("отменить"))])
    new_month = forms.TypedChoiceField(
        choices=[("", "—"), *Month.choices], coerce=int, empty_value=None, required=False, label=_("Новый месяц")
    )
    new_date_start = forms.DateField(
        required=False, label=_("Новая дата начала"), widget=forms.DateInput(attrs={"type": "date"})
    )
    new_date_end = forms.DateField(
        required=False, label=_("Новая дата окончания"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Причина"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plan: AnnualPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan_items(plan=plan).filter(  # type: ignore[attr-defined]
            status__in=[ItemStatus.PLANNED, ItemStatus.MOVED]
        )


class PlanCorrectionsView(_PlanPage, TemplateView):
    """The corrections of the plan: each with its entries; open ones take changes and are applied."""

    template_name = "plans/admin/corrections.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
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


class PlanAsOfView(_PlanPage, TemplateView):
    template_name = "plans/admin/as_of.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
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


# --- whole-plan actions: cyclogram, copy, exports, import, reports ------------------------------


def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    """POST-only one-click actions of the plan screen."""
    plan = _plan_or_404(request, pk)
    if request.method != "POST":
        raise Http404
    try:
        if action == "cyclogram":
            created = services.cyclogram_generate(plan=plan, acting_user=request.user)
            messages.success(request, gettext_now("Из циклограммы добавлено мероприятий: %(n)d.") % {"n": len(created)})
        elif action == "copy":
            new_plan = services.plan_copy_to_next_year(plan=plan, acting_user=request.user)
            messages.success(request, gettext_now("Создан %(plan)s.") % {"plan": new_plan})
            return redirect("plans_screen:plan", new_plan.pk)
        elif action == "conclusion":
            services.plan_update(plan=plan, acting_user=request.user, conclusion=request.POST.get("conclusion", ""))
            messages.success(request, gettext_now("Выводы сохранены."))
        elif action == "report":
            day = forms.DateField(required=False).clean(request.POST.get("period_day") or None)
            services.plan_report_request(
                plan=plan,
                kind=request.POST.get("kind", ""),
                period_day=day,
                conclusion=request.POST.get("conclusion", ""),
                acting_user=request.user,
            )
            messages.success(request, gettext_now("Отчёт формируется; готовность видна ниже."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("plans_screen:plan", plan.pk)


def plan_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    from tenants.municipalities.selectors import current_municipality
    from tenants.plans.documents import plan_docx, plan_xlsx

    plan = _plan_or_404(request, pk)
    items = list(plan_items(plan=plan))
    name = f"plan-{plan.year.label.replace('/', '-')}"
    if file_format == "docx":
        municipality = current_municipality()
        content = plan_docx(plan=plan, items=items, municipality_name=municipality.name if municipality else "")
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif file_format == "xlsx":
        content = plan_xlsx(plan=plan, items=items)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def plan_report_status(request: HttpRequest, pk: int, report: int) -> JsonResponse:
    """What the plan screen polls while a report is being built."""
    plan = _plan_or_404(request, pk)
    found = plan_report_get(pk=report)
    if found is None or found.plan_id != plan.pk:
        raise Http404
    return JsonResponse(
        {
            "state": found.state,
            "state_label": found.get_state_display(),
            "progress": found.progress,
            "error": found.error,
            "docx": reverse("plans_screen:report_file", args=[plan.pk, found.pk, "docx"]) if found.docx_file else "",
            "pdf": reverse("plans_screen:report_file", args=[plan.pk, found.pk, "pdf"]) if found.pdf_file else "",
        }
    )


def plan_report_file(request: HttpRequest, pk: int, report: int, file_format: str) -> HttpResponseBase:
    from tenants.downloads import stored_file_response

    plan = _plan_or_404(request, pk)
    found = plan_report_get(pk=report)
    if found is None or found.plan_id != plan.pk or file_format not in ("docx", "pdf"):
        raise Http404
    stored = found.docx_file if file_format == "docx" else found.pdf_file
    if not stored:
        raise Http404
    return stored_file_response(stored, kind=file_format, public=False)


class PlanImportView(_PlanPage, TemplateView):
    """Upload → preview (errors by row) → apply the whole file or nothing, into one plan."""

    template_name = "plans/admin/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = _plan_or_404(request, kwargs["pk"])
        if not request.user.has_perm("plans.add_planitem"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return gettext_now("Импорт мероприятий из файла")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from tenants.imports.engine import ImportRejected, import_apply, import_plan
        from tenants.imports.uploads import upload_discard, upload_load, upload_store
        from tenants.plans.imports import PlanItemImportSpec

        spec = PlanItemImportSpec(plan=self.plan)
        token = request.POST.get("token")
        if token:
            upload = upload_load(spec_name=spec.name, token=token, user_id=request.user.pk)
            if upload is None:
                raise Http404
            try:
                result = import_apply(spec, upload.data, filename=upload.filename, acting_user=request.user)
            except ImportRejected as rejected:
                messages.error(request, gettext_now("Импорт не выполнен: в файле есть ошибки. Ничего не изменено."))
                return self.render_to_response(self.get_context_data(plan_preview=rejected.plan, token=token))
            upload_discard(spec_name=spec.name, token=token)
            messages.success(request, gettext_now("Добавлено мероприятий: %(n)d.") % {"n": result.created})
            return redirect("plans_screen:plan", self.plan.pk)
        upload_file = request.FILES.get("file")
        if upload_file is None:
            messages.error(request, gettext_now("Выберите файл."))
            return self.render_to_response(self.get_context_data())
        data = upload_file.read()
        filename = upload_file.name or "plan.xlsx"
        token = upload_store(spec_name=spec.name, filename=filename, data=data, user_id=request.user.pk)
        preview = import_plan(spec, data, filename=filename)
        return self.render_to_response(self.get_context_data(plan_preview=preview, token=token))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        return context


def plan_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    from tenants.imports.spreadsheets import XLSX_CONTENT_TYPE, template_xlsx
    from tenants.plans.imports import PlanItemImportSpec

    plan = _plan_or_404(request, pk)
    response = HttpResponse(template_xlsx(PlanItemImportSpec(plan=plan)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-template.xlsx"'
    return response


# --- the viewsets ------------------------------------------------------------------------------


class PlanCreateForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())
    note = forms.CharField(label=_("Пояснение"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices(before=1, after=2)  # type: ignore[attr-defined]
        self.fields["academic_year"].initial = AcademicYear.current().start


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


class AnnualPlanViewSet(ModelViewSet):
    model = AnnualPlan
    name = "plans"
    icon = "date"
    menu_label = _("Годовые планы")
    add_view_class = PlanCreateView  # type: ignore[assignment]
    delete_view_class = PlanDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["status"]
    list_display = [
        TitleColumn("title", label=_("План"), url_name="plans_screen:plan"),
        "status",
        Column("approved_at", label=_("Утверждён")),
        Column("updated_at", label=_("Изменён")),
    ]
    form_fields = ["note"]
    edit_handler = ObjectList([FieldPanel("note"), FieldPanel("conclusion")])


def plan_screen_urls() -> list[Any]:
    """The plan's own screens, under /admin/plan/ (namespace ``plans_screen``)."""
    return [
        path("<int:pk>/", PlanScreenView.as_view(), name="plan"),
        path("<int:pk>/status/<str:to>/", PlanTransitionView.as_view(), name="transition"),
        path("<int:pk>/item/new/", PlanItemEditView.as_view(), name="item_add"),
        path("<int:pk>/item/<int:item>/", PlanItemEditView.as_view(), name="item_edit"),
        path("<int:pk>/item/<int:item>/done/", PlanItemDoneView.as_view(), name="item_done"),
        path("<int:pk>/corrections/", PlanCorrectionsView.as_view(), name="corrections"),
        path("<int:pk>/corrections/<int:correction>/item/new/", PlanItemEditView.as_view(), name="correction_item_add"),
        path("<int:pk>/as-of/", PlanAsOfView.as_view(), name="as_of"),
        path("<int:pk>/do/<str:action>/", plan_action, name="action"),
        path("<int:pk>/export/<str:file_format>/", plan_export, name="export"),
        path("<int:pk>/import/", PlanImportView.as_view(), name="import"),
        path("<int:pk>/import/template/", plan_import_template, name="import_template"),
        path("<int:pk>/report/<int:report>/", plan_report_status, name="report_status"),
        path("<int:pk>/report/<int:report>/<str:file_format>/", plan_report_file, name="report_file"),
    ]


class DirectionViewSet(ModelViewSet):
    model = Direction
    name = "plan_directions"
    icon = "tag"
    menu_label = _("Направления")
    copy_view_enabled = False
    list_display = ["name", "code", "order", "is_active"]
    form_fields = ["code", "name", "clause", "order", "is_active"]


class CyclogramDutyForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Месяцы"), choices=Month.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )


class CyclogramDutyViewSet(ModelViewSet):
    model = CyclogramDuty
    name = "cyclogram"
    icon = "repeat"
    menu_label = _("Циклограмма")
    copy_view_enabled = False
    list_display = ["title", "direction", "form", Column("months_label", label=_("Месяцы")), "responsible", "is_active"]
    list_filter = ["direction", "form", "is_active"]
    form_fields = [
        "title",
        "direction",
        "form",
        "months",
        "audience",
        "expected_result",
        "responsible",
        "is_active",
        "order",
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        base = super().get_form_class(for_update)
        return type("CyclogramDutyAdminForm", (CyclogramDutyForm, base), {})


class PlansViewSetGroup(ViewSetGroup):
    menu_label = _("Годовой план")
    menu_icon = "date"
    menu_order = 150
    items = (AnnualPlanViewSet, DirectionViewSet, CyclogramDutyViewSet)


def plans_viewset_group() -> PlansViewSetGroup:
    return PlansViewSetGroup()
