"""«Оценочные процедуры»: the year's procedures, each with its results' summary and import.

The import (upload → preview with every bad row named → the whole file or nothing) goes through
the project's engine (``tenants.imports``) with ``ResultImportSpec`` for the one procedure.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from assessment.models import AssessmentSubject
from assessment.vocabulary import GRADES
from tenants.academic_years import academic_year_choices
from tenants.imports.admin import ImportUploadForm
from tenants.imports.engine import ImportRejected, import_apply, import_plan
from tenants.imports.spreadsheets import template_xlsx
from tenants.imports.uploads import upload_discard, upload_load, upload_store
from tenants.quality.imports import ResultImportSpec
from tenants.quality.models import AssessmentProcedure
from tenants.quality.selectors.indicators import subject_summaries
from tenants.quality.selectors.results import procedure_get
from tenants.quality.services.results import procedure_delete, procedure_saved
from tenants.quality.wagtail_viewsets.common import XLSX, ServiceFormMixin, attachment

IMPORT_PERMISSIONS = ("quality.add_assessmentresult", "quality.change_assessmentresult")


class ProcedureForm(WagtailAdminModelForm):
    grades = forms.TypedMultipleChoiceField(
        label=_("Классы"),
        coerce=int,
        choices=[(g, str(g)) for g in GRADES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Классы, в которых проводится процедура."),
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Предметы"), queryset=AssessmentSubject.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    academic_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices(before=3, after=1)  # type: ignore[attr-defined]
        self.fields["plan_item"].queryset = self.fields["plan_item"].queryset.select_related("plan")  # type: ignore[attr-defined]


class ProcedureWriteMixin(ServiceFormMixin):
    def save_instance(self) -> Any:
        instance = super().save_instance()  # type: ignore[misc]
        procedure_saved(instance)
        return instance


class ProcedureCreateView(ProcedureWriteMixin, generic.CreateView):
    pass


class ProcedureEditView(ProcedureWriteMixin, generic.EditView):
    pass


class ProcedureDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        procedure_delete(procedure=self.object, acting_user=self.request.user, skip_permission_checks=True)


class ProcedureInspectView(generic.InspectView):
    template_name = "quality/admin/procedure.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        procedure: AssessmentProcedure = self.object
        user = self.request.user
        summaries = [
            s for s in subject_summaries(academic_year=procedure.academic_year) if s.kind.pk == procedure.kind_id
        ]
        context.update(
            procedure=procedure,
            summaries=summaries,
            results_count=procedure.results.count(),
            subjects=list(procedure.subjects.all()),
            can_import=all(user.has_perm(p) for p in IMPORT_PERMISSIONS),
            results_url=f"{reverse('quality_results:index')}?procedure={procedure.pk}",
            add_result_url=f"{reverse('quality_results:add')}?procedure={procedure.pk}",
            indicators_url=f"{reverse('quality_indicators:index')}?year={procedure.academic_year}"
            f"&kind={procedure.kind.code}",
        )
        return context


class _ProcedurePage(WagtailAdminTemplateMixin, TemplateView):
    """A screen about one procedure, for those who may add and change results."""

    header_icon = "upload"
    procedure: AssessmentProcedure

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not all(request.user.has_perm(p) for p in IMPORT_PERMISSIONS):
            raise PermissionDenied
        procedure = procedure_get(procedure_id=kwargs["pk"])
        if procedure is None:
            raise Http404
        self.procedure = procedure
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.procedure)


class ResultImportView(_ProcedurePage):
    """Upload → preview (errors by row) → apply the whole file or nothing, into one procedure."""

    page_title = _("Импорт результатов")
    template_name = "quality/admin/import.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        spec = ResultImportSpec(procedure=self.procedure)
        token = request.POST.get("token")
        if token:
            upload = upload_load(spec_name=spec.name, token=token, user_id=request.user.pk)
            if upload is None:
                raise Http404
            try:
                result = import_apply(spec, upload.data, filename=upload.filename, acting_user=request.user)
            except ImportRejected as rejected:
                messages.error(request, gettext_now("Импорт не выполнен: в файле есть ошибки. Ничего не изменено."))
                return self.render_to_response(self.get_context_data(preview=rejected.plan, token=token))
            upload_discard(spec_name=spec.name, token=token)
            messages.success(
                request,
                gettext_now(
                    "Импорт выполнен: добавлено %(created)d, обновлено %(updated)d, без изменений %(unchanged)d."
                )
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("quality_procedures:inspect", self.procedure.pk)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for message in form.errors.get("file", []):
                messages.error(request, str(message))
            return self.render_to_response(self.get_context_data(), status=400)
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        filename = upload_file.name or "results.xlsx"
        token = upload_store(spec_name=spec.name, filename=filename, data=data, user_id=request.user.pk)
        preview = import_plan(spec, data, filename=filename)
        return self.render_to_response(self.get_context_data(preview=preview, token=token))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        preview = context.get("preview")
        context.update(
            procedure=self.procedure,
            counts=preview.counts if preview is not None else None,
            shown=[r for r in preview.rows if r.action in ("create", "update")][:500] if preview is not None else [],
        )
        return context


def result_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("quality.add_assessmentresult"):
        raise PermissionDenied
    procedure = procedure_get(procedure_id=pk)
    if procedure is None:
        raise Http404
    return attachment(
        template_xlsx(ResultImportSpec(procedure=procedure)),
        content_type=XLSX,
        filename=f"results-{procedure.kind.code}-{procedure.academic_year}-template.xlsx",
    )


def result_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The procedure's results in the import's columns (to correct and import back)."""
    from tenants.imports.spreadsheets import export_xlsx

    if not request.user.has_perm("quality.view_assessmentresult"):
        raise PermissionDenied
    procedure = procedure_get(procedure_id=pk)
    if procedure is None:
        raise Http404
    spec = ResultImportSpec(procedure=procedure)
    return attachment(
        export_xlsx(spec, procedure.results.order_by("organisation__short_name", "grade", "class_letter")),
        content_type=XLSX,
        filename=f"results-{procedure.kind.code}-{procedure.academic_year}.xlsx",
    )


class ProcedureIndexView(generic.IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("kind", "coordinator__user")


class ProcedureViewSet(ModelViewSet):
    model = AssessmentProcedure
    name = "quality_procedures"
    url_prefix = "quality/procedures"
    icon = "tasks"
    menu_label = _("Оценочные процедуры")
    menu_order = 20
    index_view_class = ProcedureIndexView
    add_view_class = ProcedureCreateView
    edit_view_class = ProcedureEditView
    delete_view_class = ProcedureDeleteView
    inspect_view_class = ProcedureInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["academic_year", "kind"]
    search_fields = ["title", "note"]
    ordering = ["-academic_year", "starts_on"]
    list_display = [
        TitleColumn("title", label=_("Процедура"), accessor="display_title", url_name="quality_procedures:inspect"),
        Column("starts_on", label=_("Начало"), sort_key="starts_on"),
        Column("ends_on", label=_("Окончание")),
        Column("grades", label=_("Классы"), accessor=lambda p: ", ".join(map(str, p.grades))),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("academic_year")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("grades"),
            FieldPanel("subjects"),
            FieldRowPanel([FieldPanel("coordinator"), FieldPanel("plan_item")]),
            FieldPanel("note"),
        ],
        base_form_class=ProcedureForm,
    )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/import/", ResultImportView.as_view(), name="import"),
            path("<int:pk>/import/template/", result_import_template, name="import_template"),
            path("<int:pk>/results.xlsx", result_export, name="export"),
        ]
