"""Wagtail hooks of the accounts app: scoped user bulk actions, the head's staff screen, two-factor sign-in."""

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.wagtail_viewsets import MUNICIPALITY_USER_BULK_ACTIONS

# Registered after Wagtail's own (higher order), so these replace its actions of the same type.
for action_class in MUNICIPALITY_USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)


@hooks.register("register_admin_urls")
def staff_admin_urls() -> list[Any]:
    from accounts.staff_views import StaffView

    return [path("staff/", StaffView.as_view(), name="metodika_staff")]


@hooks.register("register_admin_menu_item")
def staff_menu_item() -> MenuItem:
    from accounts.staff_views import MANAGE_PERMISSION

    class StaffMenuItem(MenuItem):
        def is_shown(self, request: HttpRequest) -> bool:
            return request.user.has_perm(MANAGE_PERMISSION)

    return StaffMenuItem(_("Сотрудники и роли"), reverse("metodika_staff"), icon_name="group", order=650)


@hooks.register("register_account_menu_item")
def second_factor_account_item(request: HttpRequest) -> dict[str, Any]:
    """«Двухфакторный вход» on the admin's account page: allauth's pages on this same host."""
    return {
        "url": reverse("mfa_index"),
        "label": _("Двухфакторный вход"),
        "help_text": _("После пароля — код из приложения на телефоне: одного пароля для входа станет мало."),
    }
