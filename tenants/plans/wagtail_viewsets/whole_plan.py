"""The annual plan's whole-plan actions in the admin: the cyclogram into a draft, the copy to next
year, exports (XLSX, DOCX), the import of items, the reports with their progress and files.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.views.generic import TemplateView

from tenants.plans import services
from tenants.plans.selectors import (
    plan_items,
    plan_report_get,
)
from tenants.plans.wagtail_viewsets.screens import PlanPage, plan_or_404


def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    """POST-only one-click actions of the plan screen."""
    plan = plan_or_404(request, pk)
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
        elif action == "section_texts":
            prefix = "section-"
            texts = {key[len(prefix) :]: request.POST.get(key, "") for key in request.POST if key.startswith(prefix)}
            changed = services.plan_section_texts_save(plan=plan, texts=texts, acting_user=request.user)
            messages.success(request, gettext_now("Тексты разделов сохранены: %(n)d.") % {"n": len(changed)})
        elif action in ("report_submit", "report_accept", "report_return"):
            found = plan_report_get(pk=forms.IntegerField().clean(request.POST.get("report")))
            if found is None or found.plan_id != plan.pk:
                raise Http404
            comment = request.POST.get("comment", "")
            if action == "report_submit":
                services.plan_report_submit(report=found, acting_user=request.user)
                messages.success(request, gettext_now("Анализ направлен председателю комитета."))
            elif action == "report_accept":
                services.plan_report_accept(report=found, comment=comment, acting_user=request.user)
                messages.success(request, gettext_now("Анализ принят."))
            else:
                services.plan_report_return(report=found, comment=comment, acting_user=request.user)
                messages.success(request, gettext_now("Анализ возвращён на доработку."))
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

    plan = plan_or_404(request, pk)
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
    plan = plan_or_404(request, pk)
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

    plan = plan_or_404(request, pk)
    found = plan_report_get(pk=report)
    if found is None or found.plan_id != plan.pk or file_format not in ("docx", "pdf"):
        raise Http404
    stored = found.docx_file if file_format == "docx" else found.pdf_file
    if not stored:
        raise Http404
    return stored_file_response(stored, kind=file_format, public=False)


class PlanImportView(PlanPage, TemplateView):
    """Upload → preview (errors by row) → apply the whole file or nothing, into one plan."""

    template_name = "plans/admin/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = plan_or_404(request, kwargs["pk"])
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

    plan = plan_or_404(request, pk)
    response = HttpResponse(template_xlsx(PlanItemImportSpec(plan=plan)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-template.xlsx"'
    return response
