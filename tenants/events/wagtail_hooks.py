"""Events in the Wagtail admin: audited actions, the «Мероприятия» menu, the staff calendar."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from tenants.admin_screens import permission_menu_item_class
from tenants.audited_actions import audited_actions_register
from tenants.events.home import home_register
from tenants.events.models import ContestParticipant, ContestStage, Event
from tenants.events.selectors import VIEW_PERMISSION


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Event, "event")
    audited_actions_register(registry, ContestStage, "contest_stage")
    audited_actions_register(registry, ContestParticipant, "contest_participant")


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.events.wagtail_viewsets import EventsMenu

    return EventsMenu()


StaffCalendarMenuItem = permission_menu_item_class(VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item() -> MenuItem:
    return StaffCalendarMenuItem(
        _("Календарь мероприятий"), reverse_lazy("event_admin:calendar"), icon_name="calendar", order=151
    )


@hooks.register("register_admin_menu_item")
def register_regional_menu_item() -> MenuItem:
    return StaffCalendarMenuItem(
        _("Единый календарь региона"), reverse_lazy("event_admin:regional"), icon_name="calendar-alt", order=152
    )


home_register()
