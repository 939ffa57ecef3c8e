"""Wagtail hooks of the accounts app: scoped user bulk actions, the head's staff screen, the
account page's links to allauth's address, password and two-factor pages, and "private, for
signed-in users" narrowed to the municipality's people (``accounts.view_restrictions``)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.home import home_register
from accounts.wagtail_viewsets import MUNICIPALITY_USER_BULK_ACTIONS

# Registered after Wagtail's own (higher order), so these replace its actions of the same type.
for action_class in MUNICIPALITY_USER_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)

home_register()


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


@hooks.register("before_serve_page")
def page_members_only(page: Any, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> HttpResponse | None:
    """A page (or one under it) kept for signed-in users: only the municipality's people read it."""
    from accounts.view_restrictions import members_only_refusal

    return members_only_refusal(page.get_view_restrictions(), request)


@hooks.register("before_serve_document")
def document_members_only(document: Any, request: HttpRequest) -> HttpResponse | None:
    """A document in a collection kept for signed-in users: the same rule as for pages."""
    from accounts.view_restrictions import members_only_refusal

    return members_only_refusal(document.collection.get_view_restrictions(), request)


# Wagtail's own e-mail and password management are off (settings/wagtail.py): the account page
# keeps name, language, picture and notifications, and links to the one place for the rest.
@hooks.register("register_account_menu_item")
def account_email_item(request: HttpRequest) -> dict[str, Any]:
    return {
        "url": reverse("account_email"),
        "label": _("Адрес электронной почты"),
        "help_text": _("Новый адрес заменит прежний, когда вы подтвердите его по ссылке из письма."),
    }


@hooks.register("register_account_menu_item")
def account_password_item(request: HttpRequest) -> dict[str, Any]:
    return {
        "url": reverse("account_change_password"),
        "label": _("Сменить пароль"),
        "help_text": _("Пароль один для всех муниципалитетов региона."),
    }


@hooks.register("register_account_menu_item")
def second_factor_account_item(request: HttpRequest) -> dict[str, Any]:
    """«Двухфакторный вход» on the admin's account page: allauth's pages on this same host."""
    return {
        "url": reverse("mfa_index"),
        "label": _("Двухфакторный вход"),
        "help_text": _("После пароля — код из приложения на телефоне: одного пароля для входа станет мало."),
    }
