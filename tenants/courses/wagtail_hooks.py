"""Wagtail hooks of the course applications: the staff screens, their menu items, the homes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from tenants.courses import admin_views
from tenants.courses.home import home_register
from tenants.courses.selectors import user_manages_courses, user_sees_applications


class CoursesAdminViewSet(ViewSet):
    name = "courses_admin"
    url_prefix = "courses"

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", admin_views.OffersView.as_view(), name="offers"),
            path("applications/", admin_views.ApplicationsView.as_view(), name="applications"),
            path("applications/<int:pk>/confirm/", admin_views.ApplicationConfirmView.as_view(), name="confirm"),
            path("applications/<int:pk>/decline/", admin_views.ApplicationDeclineView.as_view(), name="decline"),
            path("offers/<int:pk>/", admin_views.QuotaView.as_view(), name="quota"),
            path("offers/<int:pk>/list.xlsx", admin_views.QuotaExportView.as_view(kind="xlsx"), name="quota_xlsx"),
            path("offers/<int:pk>/list.docx", admin_views.QuotaExportView.as_view(kind="docx"), name="quota_docx"),
            path("offers/<int:pk>/complete/", admin_views.OfferCompleteView.as_view(), name="complete"),
        ]


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    return CoursesAdminViewSet()


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return user_sees_applications(request.user)


class OffersMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return user_manages_courses(request.user)


@hooks.register("register_admin_menu_item")
def applications_menu_item() -> MenuItem:
    return ApplicationsMenuItem(
        _("Заявки на курсы"), reverse_lazy("courses_admin:applications"), icon_name="form", order=135
    )


@hooks.register("register_admin_menu_item")
def offers_menu_item() -> MenuItem:
    return OffersMenuItem(_("Курсы и квоты"), reverse_lazy("courses_admin:offers"), icon_name="date", order=136)


home_register()
