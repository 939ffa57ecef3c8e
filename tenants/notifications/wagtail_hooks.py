"""The notifications in the municipality's admin: the list, the choices, a menu item, and a line
on the staff home counting the unread ones."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.models import User
from tenants.municipalities.schemas import schema_active
from tenants.notifications import views
from tenants.notifications.selectors import NOTIFIED_ROLES, notification_unread_count, notified_roles
from tenants.staff_home import HomeLine, home_section_register


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [
        path("notifications/", views.NotificationListView.as_view(), name="notifications_list"),
        path("notifications/settings/", views.NotificationChoicesView.as_view(), name="notifications_choices"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_authenticated and bool(notified_roles(user=user, schema_name=schema_active()))  # type: ignore[arg-type]


@hooks.register("register_admin_menu_item")
def notifications_menu_item() -> MenuItem:
    return StaffMenuItem(_("Уведомления"), reverse_lazy("notifications_list"), icon_name="mail", order=5)


def _unread(user: User, today: datetime.date) -> list[HomeLine]:
    count = notification_unread_count(user=user)
    return [HomeLine("notifications.unread", gettext_now("непрочитанных уведомлений"), count,
                     reverse("notifications_list"))]  # fmt: skip


home_section_register(
    key="notifications", title=_("Уведомления"), roles=list(NOTIFIED_ROLES), permission="", order=0,
    lines=_unread,
)  # fmt: skip
