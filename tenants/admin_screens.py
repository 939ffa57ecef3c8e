"""Staff screens of the municipal apps that are not model listings (queues, calendars, cards),
and the pieces the apps' admin screens share (an inspect view that reads like Russian prose).

Each is gated by one permission, and its menu entry is shown only to those who hold it, so the
admin, its menu and the URL answer alike.

The apps also declare here which of their admin screens name people (``personal_data_screens_register``):
the region's observers read those through the municipality's observer group, and each of their
reads is written to the institute's access log, as the same names read on the region host are.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cms.base.forms import form_errors_add

# URL namespace of an admin viewset or screen group → the section its reads are logged under.
_PERSONAL_DATA_SCREENS: dict[str, str] = {}


def personal_data_screens_register(**sections_by_namespace: str) -> None:
    """Declare admin screens (by URL namespace) that show people's names, e.g. a plan's
    responsible persons; ``section`` is a short code for the access log (32 characters at most)."""
    for namespace, section in sections_by_namespace.items():
        assert len(section) <= 32, section
        _PERSONAL_DATA_SCREENS[namespace] = section


def personal_data_section(namespaces: list[str]) -> str | None:
    """The access-log section of a resolved admin URL that names people, or None."""
    for namespace in namespaces:
        if namespace in _PERSONAL_DATA_SCREENS:
            return _PERSONAL_DATA_SCREENS[namespace]
    return None


def permission_menu_item_class(permission: str) -> type[MenuItem]:
    """A menu item class shown only to holders of ``permission`` (in the current municipality)."""

    def is_shown(self: MenuItem, request: HttpRequest) -> bool:
        return request.user.has_perm(permission)

    return type("PermissionMenuItem", (MenuItem,), {"is_shown": is_shown})


class TitledScreenMixin(WagtailAdminTemplateMixin):
    """A screen whose visible header names it: Wagtail's slim header shows only the breadcrumbs
    (the title is a hidden ``h1``), so a screen that adds no crumb of its own reads «Главная»."""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = list(super().get_breadcrumbs_items())
        if len(items) <= 1:
            items.append({"url": "", "label": self.get_header_title()})
        return items


class PermissionScreen(TitledScreenMixin, TemplateView):
    """A staff screen for holders of ``permission_required`` only."""

    permission_required = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScreenViewSet(ViewSet):
    """One screen (``screen``) at the viewset's URL prefix, in the menu for ``permission``'s holders."""

    screen: type[PermissionScreen]

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        return permission_menu_item_class(self.screen.permission_required)

    def get_urlpatterns(self) -> list[Any]:
        return [path("", self.screen.as_view(), name="index")]


class ReadableInspectView(generic.InspectView):
    """Inspect view that shows «да»/«нет» and «—» rather than True, False and None."""

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        value = super().get_field_display_value(field_name, field)
        if value is True:
            return _("да")
        if value is False:
            return _("нет")
        if value is None or value == "":
            return "—"
        return value


class ServiceErrorsMixin:
    """A ValidationError a service raises while a Wagtail form view saves is shown on the form
    (``cms.base.forms.form_errors_add``) instead of failing the request."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            form_errors_add(form, error)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]
