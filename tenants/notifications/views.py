"""The person's notifications in the municipality's admin: the list (read / unread) and their
choices of what to receive. Each person sees and changes only their own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from tenants.admin_screens import TitledScreenMixin
from tenants.municipalities.schemas import schema_active
from tenants.notifications.selectors import notification_kinds, notification_list, notified_roles, opted_out_kinds
from tenants.notifications.services import notification_choices_save, notifications_read


class StaffOnlyMixin:
    """The municipality's own staff (head, methodologists, chair), its association leaders and school
    coordinators: the region's observers and teachers have no notifications here."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated or not notified_roles(user=user, schema_name=schema_active()):  # type: ignore[arg-type]
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class NotificationListView(StaffOnlyMixin, TitledScreenMixin, TemplateView):
    page_title = _("Уведомления")
    header_icon = "mail"
    template_name = "notifications/admin/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["notifications"] = list(notification_list(user=self.request.user)[:200])  # type: ignore[arg-type]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = request.POST.get("notification")
        ids = [int(chosen)] if chosen and chosen.isdigit() else None
        notifications_read(user=request.user, notification_ids=ids)  # type: ignore[arg-type]
        return redirect("notifications_list")


class ChoicesForm(forms.Form):
    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in kinds:
            self.fields[key] = forms.BooleanField(label=title, required=False)


class NotificationChoicesView(StaffOnlyMixin, TitledScreenMixin, TemplateView):
    page_title = _("Какие уведомления получать")
    header_icon = "cog"
    template_name = "notifications/admin/choices.html"

    def _form(self, data: Any = None) -> ChoicesForm:
        user = self.request.user
        kinds = [(section.key, str(section.title)) for section in notification_kinds(user=user)]  # type: ignore[arg-type]
        off = opted_out_kinds(user=user)  # type: ignore[arg-type]
        return ChoicesForm(data, kinds=kinds, initial={key: key not in off for key, _title in kinds})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        enabled = {key for key, value in form.cleaned_data.items() if value}
        notification_choices_save(user=request.user, enabled=enabled)  # type: ignore[arg-type]
        messages.success(request, gettext_now("Выбор сохранён."))
        return redirect("notifications_choices")
