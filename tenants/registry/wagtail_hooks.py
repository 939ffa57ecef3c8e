"""The document register in the Wagtail admin: a «Документы» menu with the nomenclature at a
glance, the versions and the kinds; audited write actions for both models."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.actions.registry import ActionRegistry
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from tenants.audited_actions import audited_actions_register
from tenants.registry.home import home_register
from tenants.registry.models import DocumentKind, DocumentVersion
from tenants.registry.views import (
    ANY_PERMISSION,
    NomenclatureView,
    document_kind_viewset,
    document_version_viewset,
    kind_permission_policy,
    version_file_admin,
)

SUBMENU_HOOK = "register_registry_menu_item"


@hooks.register("register_actions")
def register_actions(registry: ActionRegistry) -> None:
    audited_actions_register(registry, DocumentKind, "register_kind")
    audited_actions_register(registry, DocumentVersion, "register_document")


class DocumentRegisterMenu(ViewSetGroup):
    menu_label = _("Реестр документов")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    submenu_hook = SUBMENU_HOOK
    items = (document_version_viewset, document_kind_viewset)


@hooks.register("register_admin_viewset")
def register_viewsets() -> ViewSetGroup:
    return DocumentRegisterMenu()


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[URLPattern]:
    return [
        path("registry/nomenclature/", NomenclatureView.as_view(), name="registry_nomenclature"),
        path("registry/files/<int:version_id>/", version_file_admin, name="registry_version_file"),
    ]


class NomenclatureMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return kind_permission_policy.user_has_any_permission(request.user, ANY_PERMISSION)


@hooks.register(SUBMENU_HOOK)
def nomenclature_menu_item() -> MenuItem:
    return NomenclatureMenuItem(
        _("Номенклатура документов"), reverse_lazy("registry_nomenclature"), icon_name="list-ul", order=100
    )


home_register()
