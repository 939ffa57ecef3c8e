"""The growth screens beyond the model listings: the staff download of a course document, building
a route from deficits, who is due or overdue (273-ФЗ art. 47) with its XLSX export, the teacher's
growth card. Writes go through the app's Wagtail actions and services.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from openpyxl import Workbook
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from tenants.development.models import (
    CourseRecord,
    LearningRoute,
)
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import course_record_file_for, teacher_growth, teacher_pd_list
from tenants.development.services import (
    learning_route_build,
)
from tenants.development.wagtail_viewsets.forms import PdFilterForm, RouteBuildForm
from tenants.downloads import stored_file_response
from tenants.imports.admin import ImportableIndexView
from tenants.imports.spreadsheets import XLSX_CONTENT_TYPE
from tenants.people.models import Methodologist, Teacher
from tenants.people.selectors import teacher_get
from tenants.spreadsheet_cells import xlsx_workbook_bytes

VIEW_PERMISSION = "development.view_courserecord"


PD_LIST_PER_PAGE = 50


def _card_url(teacher_id: int) -> str:
    return reverse("development_card:teacher", args=[teacher_id])


# Writes go through the app's Wagtail actions (tenants.development.actions) -----------------------


class DevelopmentDeleteView(generic.DeleteView):
    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ProtectedError:
            # A competence area still named by deficits, results or steps: say so, delete nothing.
            messages.error(
                self.request,
                gettext_now("«%(object)s» нельзя удалить: на эту запись ссылаются другие данные.")
                % {"object": self.object},
            )
            return redirect(self.get_success_url())


class CourseRecordIndexView(ImportableIndexView):
    def get_base_queryset(self) -> QuerySet[CourseRecord]:
        return CourseRecord.objects.select_related("teacher__organisation")


def course_record_file_staff(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A course document's scan, for the municipality's staff."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    record = course_record_file_for(record_id=pk, teacher=None, user=request.user)
    if record is None:
        raise Http404
    return stored_file_response(record.file, kind=record.file_kind, public=False)


# Routes ------------------------------------------------------------------------------------------


class RouteIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[LearningRoute]:
        return LearningRoute.objects.select_related("teacher", "tutor__user")


class RouteBuildView(WagtailAdminTemplateMixin, FormView):
    """Build a route from a teacher's open deficits with the suggested steps (004 §3.3.3)."""

    page_title = _("Маршрут из дефицитов")
    header_icon = "route"
    template_name = "development/admin/route_build.html"
    form_class = RouteBuildForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("development.add_learningroute"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        initial: dict[str, Any] = {"period_start": today, "period_end": today + datetime.timedelta(days=365)}
        if self.request.GET.get("teacher", "").isdigit():
            initial["teacher"] = int(self.request.GET["teacher"])
        tutor = Methodologist.objects.filter(user_id=self.request.user.pk or 0).first()
        if tutor is not None:
            initial["tutor"] = tutor
        return initial

    def form_valid(self, form: RouteBuildForm) -> HttpResponse:
        try:
            route = learning_route_build(acting_user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext_now("Маршрут построен: шагов — %(n)d.") % {"n": route.steps.count()})
        return redirect("learning_routes:edit", route.pk)


def _pd_rows(request: HttpRequest) -> tuple[PdFilterForm, QuerySet[Teacher]]:
    form = PdFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    organisation, subject = data.get("organisation"), data.get("subject")
    teachers = teacher_pd_list(
        organisation_id=organisation.pk if organisation else None,
        subject_id=subject.pk if subject else None,
        status=data.get("status") or None,
        search=data.get("q") or "",
    )
    return form, teachers


def pd_list_xlsx(teachers: QuerySet[Teacher]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(_("Сроки ПК"))[:31]
    sheet.append(
        [
            str(_("Педагог")),
            str(_("Организация")),
            str(_("Должность")),
            str(_("Последние курсы окончены")),
            str(_("Срок следующих курсов")),
            str(_("Статус")),
        ]
    )
    for teacher in teachers:
        sheet.append(
            [
                teacher.full_name,
                teacher.organisation.short_name,
                teacher.position,
                teacher.last_course_end,  # type: ignore[attr-defined]
                teacher.pd_due,  # type: ignore[attr-defined]
                str(PdStatus(teacher.pd_status).label),  # type: ignore[attr-defined]
            ]
        )
    for column, width in zip("ABCDEF", (36, 28, 28, 18, 18, 34), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    return xlsx_workbook_bytes(workbook)


class PdListView(WagtailAdminTemplateMixin, TemplateView):
    """Teachers by the date their next course falls due (273-ФЗ art. 47), filters and an XLSX export."""

    page_title = _("Сроки повышения квалификации")
    header_icon = "time"
    template_name = "development/admin/pd_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            _form, teachers = _pd_rows(request)
            response = HttpResponse(pd_list_xlsx(teachers), content_type=XLSX_CONTENT_TYPE)
            name = f"pd-due-{timezone.localdate().isoformat()}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, teachers = _pd_rows(self.request)
        page = Paginator(teachers, PD_LIST_PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        query["export"] = "xlsx"
        context.update(
            form=form,
            page=page,
            rows=[(t, PdStatus(t.pd_status), _card_url(t.pk)) for t in page],  # type: ignore[attr-defined]
            export_url=f"?{query.urlencode()}",
            statuses=PdStatus,
        )
        return context


class TeacherCardView(WagtailAdminTemplateMixin, TemplateView):
    """A teacher's growth: PD history and due date, diagnostics, deficits, routes (004 §3.3.4)."""

    header_icon = "user"
    template_name = "development/admin/teacher_card.html"
    teacher: Teacher

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        teacher = teacher_get(teacher_id=kwargs["pk"])
        if teacher is None:
            raise Http404
        self.teacher = teacher
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.teacher.full_name

    def get_page_subtitle(self) -> str:
        return gettext_now("Профессиональное развитие")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            growth=teacher_growth(teacher=self.teacher),
            statuses=PdStatus,
            can_build=self.request.user.has_perm("development.add_learningroute"),
        )
        return context
