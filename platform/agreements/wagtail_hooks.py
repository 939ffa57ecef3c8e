"""The municipality's agreements in its Wagtail admin: a menu item and the screens behind it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.municipal_staff import municipal_staff_roles
from agreements import admin_views
from agreements.home import home_register


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern]:
    return [
        path("agreements/", admin_views.AgreementIndexView.as_view(), name="municipal_agreements"),
        path("agreements/<int:agreement_id>/", admin_views.AgreementDetailView.as_view(), name="municipal_agreement"),
        path("agreements/<int:agreement_id>/sign/", admin_views.agreement_sign_admin, name="municipal_agreement_sign"),
        path("agreements/<int:agreement_id>/scan/", admin_views.agreement_scan_admin, name="municipal_agreement_scan"),
        path(
            "agreements/<int:agreement_id>/agreement.docx",
            admin_views.agreement_docx_admin,
            name="municipal_agreement_docx",
        ),
    ]


class MunicipalStaffMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(municipal_staff_roles(request))


@hooks.register("register_admin_menu_item")
def agreements_menu_item() -> MenuItem:
    return MunicipalStaffMenuItem(
        _("Соглашения с регионом"), reverse_lazy("municipal_agreements"), icon_name="doc-full", order=900
    )


home_register()
