"""Wagtail hooks of monitoring: the dashboard, its export and its menu item."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from tenants.monitoring.pd_screen import PdAnalysisExportView, PdAnalysisView
from tenants.monitoring.selectors import user_may_see_dashboard
from tenants.monitoring.views import DashboardExportView, DashboardView


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern]:
    return [
        path("monitoring/", DashboardView.as_view(), name="monitoring_dashboard"),
        path("monitoring/export.xlsx", DashboardExportView.as_view(), name="monitoring_export"),
        path("monitoring/pd/", PdAnalysisView.as_view(), name="monitoring_pd"),
        path("monitoring/pd/export.xlsx", PdAnalysisExportView.as_view(), name="monitoring_pd_export"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return user_may_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item() -> MenuItem:
    return DashboardMenuItem(_("Мониторинг"), reverse_lazy("monitoring_dashboard"), icon_name="view", order=150)
