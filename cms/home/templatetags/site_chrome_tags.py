"""Template tags of the site's chrome that know the site composition: the menu.

The rest of the public sites' tags (branding, low-vision mode, canonical URL, embeds) stay in
``cms.base``'s ``site_tags``; the menu reads the home page's sections (``cms.home.selectors``),
which sit above the base.
"""

from __future__ import annotations

from typing import Any

from django import template

from cms.home.selectors import menu_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context: template.Context, home: Any) -> list[Any]:
    """The sections of the site's menu under ``home``, read once per request."""
    return menu_sections(context.get("request"), home)
