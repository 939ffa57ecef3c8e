"""Teachers' professional growth in the municipality's Wagtail admin.

* «Курсовая подготовка» — course records: list, filters, search, import from XLSX/CSV (preview,
  all or nothing, errors by row), template, export, the staff download of a document's scan;
* «Сроки повышения квалификации» — who is due or overdue (273-ФЗ art. 47), by organisation,
  subject and status, with an XLSX export; each row opens the teacher's growth card (courses,
  diagnostics, deficits, routes);
* course offers, the competence-area catalogue, diagnostics (results inline), deficits, and
  routes (steps inline; «построить из дефицитов»), followed by the tutor (004 §3.3.4).

Writes go through the app's Wagtail actions (``tenants.development.actions``), as the services'
do: history, audit row, then the model's rules (``services.*_saved``) in the same transaction:
steps completed by a course, deficits opened by a diagnostic, the route's completion, the
roll-up refresh.
Personal data: the region's observers have no permission in this app, so nothing here opens
to them.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from openpyxl import Workbook
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import permission_menu_item_class
from tenants.development.imports import CourseRecordImportSpec
from tenants.development.models import (
    CompetenceArea,
    CourseFormat,
    CourseOffer,
    CourseRecord,
    Deficit,
    DeficitStatus,
    Diagnostic,
    LearningRoute,
    StepStatus,
)
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import course_record_file_for, teacher_growth, teacher_pd_list
from tenants.development.services import (
    learning_route_build,
)
from tenants.downloads import stored_file_response
from tenants.imports.admin import ImportableIndexView, ImportableModelViewSet
from tenants.imports.spreadsheets import XLSX_CONTENT_TYPE
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Subject, Teacher
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


# Course records ----------------------------------------------------------------------------------


class CourseRecordFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Организация"), field_name="teacher__organisation", queryset=Organisation.objects.all()
    )
    format = django_filters.ChoiceFilter(label=_("Форма обучения"), choices=CourseFormat.choices)
    competence_areas = django_filters.ModelChoiceFilter(
        label=_("Область компетенций"), queryset=CompetenceArea.objects.all()
    )
    ended_after = django_filters.DateFilter(label=_("Окончены не раньше"), field_name="end_date", lookup_expr="gte")

    class Meta:
        model = CourseRecord
        fields: list[str] = []


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


class CourseRecordViewSet(ImportableModelViewSet):
    model = CourseRecord
    import_spec = CourseRecordImportSpec()
    name = "course_records"
    url_prefix = "development/courses"
    icon = "doc-full"
    menu_label = _("Курсовая подготовка")
    menu_order = 10
    index_view_class = CourseRecordIndexView
    delete_view_class = DevelopmentDeleteView
    filterset_class = CourseRecordFilterSet
    search_fields = ["teacher__last_name", "programme", "provider", "document_number"]
    copy_view_enabled = False
    add_to_reference_index = False
    ordering = ["-end_date", "-pk"]
    list_per_page = 50
    list_display = [
        TitleColumn("teacher", label=_("Педагог"), accessor="teacher.full_name", url_name="course_records:edit"),
        Column("organisation", label=_("Организация"), accessor="teacher.organisation.short_name"),
        Column("programme", label=_("Программа")),
        Column("hours", label=_("Часов"), sort_key="hours"),
        Column("format", label=_("Форма"), accessor="get_format_display"),
        Column("end_date", label=_("Окончание"), sort_key="end_date"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("teacher"),
            FieldRowPanel([FieldPanel("programme"), FieldPanel("provider")]),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("format")]),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldRowPanel([FieldPanel("document_kind"), FieldPanel("document_number")]),
            FieldPanel("file"),
            FieldPanel("competence_areas", widget=forms.CheckboxSelectMultiple),
            FieldPanel("course_offer"),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("file/<int:pk>/", course_record_file_staff, name="file")]


# Course offers, competence areas ------------------------------------------------------------------


class CourseOfferViewSet(ModelViewSet):
    model = CourseOffer
    name = "course_offers"
    url_prefix = "development/offers"
    icon = "date"
    menu_label = _("Предлагаемые курсы")
    menu_order = 20
    copy_view_enabled = False
    list_filter = ["format", "competence_areas"]
    search_fields = ["programme", "provider"]
    ordering = ["start_date"]
    list_display = [
        TitleColumn("programme", label=_("Программа"), url_name="course_offers:edit"),
        "provider",
        Column("start_date", label=_("Начало"), sort_key="start_date"),
        Column("hours", label=_("Часов")),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("programme"), FieldPanel("provider")]),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("format")]),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("competence_areas", widget=forms.CheckboxSelectMultiple),
            FieldPanel("link"),
        ]
    )


class CompetenceAreaViewSet(ModelViewSet):
    model = CompetenceArea
    name = "competence_areas"
    url_prefix = "development/areas"
    icon = "list-ul"
    menu_label = _("Области компетенций")
    menu_order = 60
    delete_view_class = DevelopmentDeleteView
    copy_view_enabled = False
    ordering = ["position", "name"]
    list_display = [TitleColumn("name", label=_("Название"), url_name="competence_areas:edit"), "code", "position"]
    form_fields = ["name", "code", "position"]


# Diagnostics, deficits -------------------------------------------------------------------------


class DiagnosticViewSet(ModelViewSet):
    model = Diagnostic
    name = "diagnostics"
    url_prefix = "development/diagnostics"
    icon = "clipboard-list"
    menu_label = _("Диагностики")
    menu_order = 30
    delete_view_class = DevelopmentDeleteView
    copy_view_enabled = False
    list_filter = ["instrument", "teacher__organisation"]
    search_fields = ["teacher__last_name", "instrument_name"]
    ordering = ["-held_on", "-pk"]
    list_display = [
        TitleColumn("teacher", label=_("Педагог"), accessor="teacher.full_name", url_name="diagnostics:edit"),
        Column("held_on", label=_("Дата"), sort_key="held_on"),
        Column("instrument", label=_("Вид"), accessor="get_instrument_display"),
        "instrument_name",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("teacher"),
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("instrument")]),
            FieldPanel("instrument_name"),
            InlinePanel(
                "results",
                label=_("Результаты по областям компетенций"),
                min_num=1,
                panels=[
                    FieldPanel("area"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("score"), FieldPanel("max_score")]),
                    FieldPanel("is_deficit"),
                ],
            ),
            FieldPanel("notes"),
        ]
    )


class DeficitViewSet(ModelViewSet):
    model = Deficit
    name = "deficits"
    url_prefix = "development/deficits"
    icon = "warning"
    menu_label = _("Профессиональные дефициты")
    menu_order = 40
    delete_view_class = DevelopmentDeleteView
    copy_view_enabled = False
    list_filter = ["status", "area", "teacher__organisation"]
    search_fields = ["teacher__last_name"]
    ordering = ["status", "-found_on"]
    list_display = [
        TitleColumn("teacher", label=_("Педагог"), accessor="teacher.full_name", url_name="deficits:edit"),
        Column("area", label=_("Область компетенций")),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
        Column("found_on", label=_("Выявлен"), sort_key="found_on"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("teacher"), FieldPanel("area")]),
            FieldRowPanel([FieldPanel("found_on"), FieldPanel("status"), FieldPanel("closed_on")]),
            FieldPanel("diagnostic"),
            FieldPanel("note"),
        ]
    )


# Routes ------------------------------------------------------------------------------------------


class RouteIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[LearningRoute]:
        return LearningRoute.objects.select_related("teacher", "tutor__user")


def _route_progress(route: LearningRoute) -> str:
    steps = [s for s in route.steps.all() if s.status != StepStatus.CANCELLED]
    return f"{sum(s.status == StepStatus.DONE for s in steps)} / {len(steps)}"


class RouteBuildForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Педагог"),
        queryset=Teacher.objects.filter(deficits__status=DeficitStatus.OPEN).distinct(),
        help_text=_("Педагоги с открытыми дефицитами."),
    )
    tutor = forms.ModelChoiceField(label=_("Тьютор (методист)"), queryset=Methodologist.objects.all(), required=False)
    period_start = forms.DateField(label=_("Начало"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Окончание"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Маршрут не может закончиться раньше, чем начнётся."))
        return data


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


class LearningRouteViewSet(ModelViewSet):
    model = LearningRoute
    name = "learning_routes"
    url_prefix = "development/routes"
    icon = "list-ol"
    menu_label = _("Образовательные маршруты (ИОМ)")
    menu_order = 50
    index_view_class = RouteIndexView
    delete_view_class = DevelopmentDeleteView
    copy_view_enabled = False
    list_filter = ["status", "tutor"]
    search_fields = ["teacher__last_name", "title"]
    ordering = ["-period_start", "-pk"]
    list_display = [
        TitleColumn("teacher", label=_("Педагог"), accessor="teacher.full_name", url_name="learning_routes:edit"),
        Column("tutor", label=_("Тьютор")),
        Column("period_end", label=_("До"), sort_key="period_end"),
        Column("status", label=_("Статус"), accessor="get_status_display", sort_key="status"),
        Column("progress", label=_("Шаги выполнены"), accessor=_route_progress),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("teacher"), FieldPanel("tutor")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end"), FieldPanel("status")]),
            FieldPanel("deficits", widget=forms.CheckboxSelectMultiple),
            InlinePanel(
                "steps",
                label=_("Шаги маршрута"),
                panels=[
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("target_date"), FieldPanel("status")]),
                    FieldPanel("title"),
                    FieldPanel("area"),
                    FieldRowPanel([FieldPanel("course_offer"), FieldPanel("course_record")]),
                    FieldRowPanel([FieldPanel("event"), FieldPanel("regional_event_id")]),
                    FieldPanel("note"),
                ],
            ),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("build/", RouteBuildView.as_view(), name="build")]


# Who is due or overdue (273-ФЗ art. 47), and the teacher's card ----------------------------------


class PdFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Организация"), queryset=Organisation.objects.all(), required=False)
    subject = forms.ModelChoiceField(label=_("Предмет"), queryset=Subject.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Статус"), choices=[("", _("Все")), *PdStatus.choices], required=False)
    q = forms.CharField(label=_("Поиск"), required=False)


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


class PdDueViewSet(ViewSet):
    name = "development_card"
    url_prefix = "development/due"
    icon = "time"
    menu_label = _("Сроки повышения квалификации")
    menu_order = 5

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        return permission_menu_item_class(VIEW_PERMISSION)

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", PdListView.as_view(), name="index"),
            path("teacher/<int:pk>/", TeacherCardView.as_view(), name="teacher"),
        ]


class DevelopmentViewSetGroup(ViewSetGroup):
    menu_label = _("Профессиональное развитие")
    menu_icon = "user"
    menu_order = 240
    items = (
        PdDueViewSet,
        CourseRecordViewSet,
        CourseOfferViewSet,
        DiagnosticViewSet,
        DeficitViewSet,
        LearningRouteViewSet,
        CompetenceAreaViewSet,
    )
