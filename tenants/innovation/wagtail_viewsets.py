"""The innovation projects register in the municipality's Wagtail admin: projects, their status
(changed on its own screen, with the history), and yearly reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tenants.admin_screens import PermissionScreen
from tenants.innovation.models import STATUS_TRANSITIONS, InnovationProject, InnovationReport, InnovationStatus
from tenants.innovation.services import innovation_status_change


class InnovationProjectViewSet(ModelViewSet):
    model = InnovationProject
    name = "innovation_projects"
    url_prefix = "innovation/projects"
    icon = "pick"
    menu_label = gettext_lazy("Инновационные проекты")
    menu_order = 100
    copy_view_enabled = False
    list_filter = ["level", "status"]
    search_fields = ["title"]
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=gettext_lazy("Тема (статус и история)"), url_name="innovation_projects:status"),
        Column("level", label=gettext_lazy("Уровень"), accessor="get_level_display", sort_key="level"),
        Column("status", label=gettext_lazy("Статус"), accessor="get_status_display", sort_key="status"),
        "starts_on",
        "ends_on",
    ]
    ordering = ["-starts_on", "title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("level"), FieldPanel("responsible"), FieldPanel("is_public")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("organisations", widget=forms.SelectMultiple(attrs={"size": 8})),
            FieldPanel("goals"),
            FieldPanel("stages"),
            FieldPanel("products", widget=forms.SelectMultiple(attrs={"size": 8})),
        ]
    )

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("<int:pk>/status/", ProjectStatusView.as_view(), name="status")]


class ProjectStatusView(PermissionScreen):
    """A project's status, its history and the moves it may make next."""

    permission_required = "innovation.view_innovationproject"
    template_name = "innovation/admin_status.html"
    header_icon = "pick"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.project = get_object_or_404(InnovationProject, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.project)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            project=self.project,
            history=list(self.project.status_changes.all()),
            reports=list(self.project.reports.all()),
            moves=[(s, InnovationStatus(s).label) for s in STATUS_TRANSITIONS[self.project.status]],
            can_change=self.request.user.has_perm("innovation.change_innovationproject"),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("innovation.change_innovationproject"):
            raise PermissionDenied
        try:
            innovation_status_change(
                project=self.project,
                status=request.POST.get("status", ""),
                reason=request.POST.get("reason", "")[:2000],
                acting_user=request.user,
            )
            messages.success(request, _("Статус проекта изменён."))
        except (ValidationError, KeyError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else _("Неизвестный статус.")
            messages.error(request, text)
        return redirect("innovation_projects:status", pk=self.project.pk)


class InnovationReportViewSet(ModelViewSet):
    model = InnovationReport
    name = "innovation_reports"
    url_prefix = "innovation/reports"
    icon = "doc-full"
    menu_label = gettext_lazy("Отчёты проектов")
    menu_order = 200
    copy_view_enabled = False
    list_filter = ["project", "academic_year"]
    list_display = [TitleColumn("project", label=gettext_lazy("Проект")), "academic_year"]
    ordering = ["project", "-academic_year"]
    edit_handler = ObjectList([FieldPanel("project"), FieldPanel("academic_year"), FieldPanel("text")])


class InnovationViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Инновации")
    menu_icon = "pick"
    menu_order = 355
    items = (InnovationProjectViewSet, InnovationReportViewSet)
