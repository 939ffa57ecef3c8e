"""The head of service's audit screen in the municipality's Wagtail admin: its own entries only.

The permission (``audit.view_municipal_audit``) belongs to the head alone, and the backend
counts only the roles of the municipality whose host is asked; the entries are chosen by that
municipality's id, so a head of B on A's host and anyone else get nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from audit.forms import AuditFilterForm
from audit.models import VIEW_MUNICIPAL_PERMISSION
from audit.screens import audit_export_response, audit_is_export, audit_screen_context
from audit.selectors import audit_action_choices, audit_entries_of_municipality
from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality


class MunicipalAuditView(PermissionScreen):
    page_title = _("Журнал действий")
    header_icon = "history"
    template_name = "audit/admin/log.html"
    permission_required = VIEW_MUNICIPAL_PERMISSION

    municipality: Municipality

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        municipality = current_municipality()
        if municipality is None:
            raise PermissionDenied
        self.municipality = municipality
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AuditFilterForm(request.GET or None, actions=audit_action_choices(municipality=self.municipality))
        filters = form.filters()
        entries = audit_entries_of_municipality(municipality=self.municipality, filters=filters)
        if audit_is_export(request):
            return audit_export_response(request, entries=entries, filters=filters, municipality=self.municipality)
        context = self.get_context_data(**kwargs)
        context["municipality"] = self.municipality
        context.update(
            audit_screen_context(request, form=form, entries=entries, filters=filters, municipality=self.municipality)
        )
        return self.render_to_response(context)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class MunicipalAuditViewSet(ScreenViewSet):
    name = "municipal_audit"
    url_prefix = "audit"
    icon = "history"
    menu_label = _("Журнал действий")
    menu_order = 660
    add_to_admin_menu = True
    screen = MunicipalAuditView
