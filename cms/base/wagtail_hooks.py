"""The municipal admin as a whole: what every admin page loads."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_field_names() -> str:
    """Names for the controls Wagtail's rich-text and tag widgets build (a script file: the admin's
    Content-Security-Policy allows no inline script)."""
    return format_html('<script src="{}" defer></script>', static("cms_base/admin_field_names.js"))
