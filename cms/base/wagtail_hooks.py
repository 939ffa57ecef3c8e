"""Wagtail hooks of the whole admin: what every admin page loads, the staff home's panel."""

from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.admin.ui.components import Component

from tenants.staff_home import StaffHomePanel


@hooks.register("insert_global_admin_css")
def admin_stylesheet() -> SafeString:
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_homepage_panels")
def staff_home_panel(request: HttpRequest, panels: list[Component]) -> None:
    """The person's home first: what needs attention in their role (tenants.staff_home)."""
    if request.user.is_authenticated:
        panels.insert(0, StaffHomePanel(request.user))


@hooks.register("insert_global_admin_js")
def admin_field_names() -> str:
    """Names for the controls Wagtail's rich-text and tag widgets build (a script file: the admin's
    Content-Security-Policy allows no inline script)."""
    return format_html('<script src="{}" defer></script>', static("cms_base/admin_field_names.js"))
