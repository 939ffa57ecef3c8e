"""Template tags of the public sites' chrome: branding, low-vision mode, canonical URL, embeds.

(The menu's tag reads the home page's sections and lives with them: ``cms.home``'s
``site_chrome_tags``.)

The two tags that put something inline or from another host on a page (the branding's colours,
Yandex Metrika) declare it to the page's Content-Security-Policy as they render it
(``cms.base.content_security``), so the header allows exactly what the page carries.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cms.base.content_security import content_security_allow_analytics, content_security_allow_style
from cms.base.contrast import HEX_COLOUR_RE
from cms.base.selectors import request_municipality
from cms.base.vision import (
    FONT_CHOICES,
    IMAGES_CHOICES,
    SCHEME_CHOICES,
    SPACING_CHOICES,
    VisionPreferences,
    vision_preferences,
)

register = template.Library()
IFRAME_WITHOUT_TITLE = re.compile(r"<iframe(?![^>]*\btitle=)", re.IGNORECASE)


@register.simple_tag(takes_context=True)
def site_branding(context: template.Context) -> Any:
    """The municipality's branding settings, or None on the region's host (no Wagtail there)."""
    request = context.get("request")
    if request is None or request_municipality(request) is None:
        return None
    from cms.base.models import site_branding_for_request

    return site_branding_for_request(request)


@register.simple_tag(takes_context=True)
def brand_style(context: template.Context, branding: Any) -> str:
    """The ``<style>`` with the municipality's colours, allowed by its hash in the page's policy.

    Only ``#rrggbb`` values reach the stylesheet (a row written past the form's validation
    falls back to the default colours), so the rule can never carry anything else.
    """
    from cms.base.models import DEFAULT_LINK_COLOUR, DEFAULT_PRIMARY_COLOUR

    if branding is None:
        return ""
    primary = branding.primary_colour if HEX_COLOUR_RE.match(branding.primary_colour or "") else None
    link = branding.link_colour if HEX_COLOUR_RE.match(branding.link_colour or "") else None
    css = f":root {{ --brand-dark: {primary or DEFAULT_PRIMARY_COLOUR}; --brand: {link or DEFAULT_LINK_COLOUR}; }}"
    content_security_allow_style(context.get("request"), css)
    return format_html("<style>{}</style>", css)


METRIKA_TAG_URL = "https://mc.yandex.ru/metrika/tag.js"


@register.simple_tag(takes_context=True)
def analytics_counter(context: template.Context, branding: Any) -> str:
    """Yandex Metrika's counter where the municipality turned it on (off by default): started by
    a static file rather than the usual inline snippet, and allowed by the page's policy."""
    if branding is None or not (branding.analytics_enabled and branding.analytics_counter_id):
        return ""
    content_security_allow_analytics(context.get("request"))
    return format_html(
        '<script src="{}" data-counter="{}"></script>\n  <script src="{}" async></script>',
        static("js/metrika.js"),
        branding.analytics_counter_id,
        METRIKA_TAG_URL,
    )


@register.simple_tag(takes_context=True)
def low_vision(context: template.Context) -> VisionPreferences:
    request = context.get("request")
    return vision_preferences(request) if request is not None else VisionPreferences()


@register.simple_tag
def vision_choices() -> dict[str, list[tuple[str, Any]]]:
    return {"font": FONT_CHOICES, "scheme": SCHEME_CHOICES, "images": IMAGES_CHOICES, "spacing": SPACING_CHOICES}


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The page's one address: Wagtail's full URL for a page, else this path without the query."""
    request = context.get("request")
    page = context.get("page")
    if page is not None and hasattr(page, "get_full_url"):
        url = page.get_full_url(request)
        if url:
            return str(url)
    return request.build_absolute_uri(request.path) if request is not None else ""


@register.filter
def iframe_titled(html: str, title: str) -> SafeString:
    """Give an embed's iframe a title (WCAG 2.1 §4.1.2) when the provider's HTML has none."""
    return mark_safe(IFRAME_WITHOUT_TITLE.sub(f'<iframe title="{escape(title)}"', str(html)))  # noqa: S308
