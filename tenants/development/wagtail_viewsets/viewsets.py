"""The growth app's viewsets and menu: course records (import, export), course offers, competence
areas, diagnostics, deficits, routes (ИОМ) and the due list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import permission_menu_item_class
from tenants.development.imports import CourseRecordImportSpec
from tenants.development.models import (
    CompetenceArea,
    CourseOffer,
    CourseRecord,
    Deficit,
    Diagnostic,
    LearningRoute,
    StepStatus,
)
from tenants.development.wagtail_viewsets.forms import CourseRecordFilterSet
from tenants.development.wagtail_viewsets.screens import (
    VIEW_PERMISSION,
    CourseRecordIndexView,
    DevelopmentDeleteView,
    PdListView,
    RouteBuildView,
    RouteIndexView,
    TeacherCardView,
    course_record_file_staff,
)
from tenants.imports.admin import ImportableModelViewSet


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
            FieldRowPanel([FieldPanel("provider_kind"), FieldPanel("audience")]),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("format")]),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldRowPanel([FieldPanel("quota"), FieldPanel("applications_until")]),
            FieldPanel("description"),
            FieldPanel("competence_areas", widget=forms.CheckboxSelectMultiple),
            FieldPanel("link"),
            FieldPanel("is_public"),
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


def _route_progress(route: LearningRoute) -> str:
    steps = [s for s in route.steps.all() if s.status != StepStatus.CANCELLED]
    return f"{sum(s.status == StepStatus.DONE for s in steps)} / {len(steps)}"


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
    menu_label = _("Развитие педагогов")
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
