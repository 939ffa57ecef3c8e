"""Template helpers of the workspace: shares as percentages, sortable column headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from institute.charts import percent as _percent
from institute.dashboard import DashboardQuery

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return _percent(value)


@register.simple_tag
def sort_header(key: str, label: str, query: DashboardQuery | Mapping[str, Any], params: str) -> str:
    """A column header that sorts by ``key``, toggling the direction; says how it is sorted.

    ``query`` is the dashboard's query object, or the ``sort`` / ``descending`` mapping of the
    other workspace lists (development, quality)."""
    if isinstance(query, Mapping):
        sort, is_descending = query.get("sort"), bool(query.get("descending"))
    else:
        sort, is_descending = query.sort, query.descending
    active = sort == key
    descending = active and not is_descending
    href = f"?{params}&sort={key}" + ("&dir=desc" if descending else "")
    aria = ""
    if active:
        aria = "descending" if is_descending else "ascending"
    arrow = ("▼" if is_descending else "▲") if active else ""
    title = _("Сортировать")
    if aria:
        return format_html(
            '<th scope="col" aria-sort="{}"><a href="{}" title="{}">{} {}</a></th>', aria, href, title, label, arrow
        )
    return format_html('<th scope="col"><a href="{}" title="{}">{}</a></th>', href, title, label)
