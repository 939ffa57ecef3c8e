"""Server-rendered SVG bar charts for the monitoring dashboard.

Readable without colour alone and without JavaScript: every chart has a <title> and <desc>
(``role="img"``), each bar carries its number as text, series differ by pattern (solid,
hatched, dotted) as well as by colour and are named in a legend, and the dashboard prints the
same numbers in a table next to each chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 280
BAR_AREA = 400
VALUE_WIDTH = 60
ROW_HEIGHT = 30
BAR_HEIGHT = 20
LEGEND_HEIGHT = 28
MAX_LABEL = 38


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    pattern: str = "solid"  # solid | hatch | dots


@dataclass(frozen=True)
class Bar:
    label: str
    values: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.values.values())


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _pattern(chart_id: str, series: Series) -> SafeString:
    pid = f"{chart_id}-{series.key}"
    if series.pattern == "hatch":
        return format_html(
            '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="{}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="3"/>'
            "</pattern>",
            pid,
            series.colour,
        )
    if series.pattern == "dots":
        return format_html(
            '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="{}"/><circle cx="3" cy="3" r="1.5" fill="#fff"/></pattern>',
            pid,
            series.colour,
        )
    return format_html(
        '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{}"/></pattern>',
        pid,
        series.colour,
    )


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], series: list[Series]) -> SafeString:
    """A horizontal bar chart, stacked when there are several series; numbers are printed on it."""
    scale_max = max((bar.total for bar in bars), default=0) or 1
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = legend + ROW_HEIGHT * max(len(bars), 1) + 8
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    parts: list[SafeString] = []
    if legend:
        x: float = 0
        for item in series:
            parts.append(
                format_html(
                    '<rect x="{}" y="6" width="16" height="16" fill="url(#{}-{})" stroke="#333"/>'
                    '<text x="{}" y="19" font-size="13">{}</text>',
                    x,
                    chart_id,
                    item.key,
                    x + 22,
                    item.label,
                )
            )
            x += 30 + 8 * len(item.label)
    for row, bar in enumerate(bars):
        y = legend + row * ROW_HEIGHT + 4
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="13"><title>{}</title>{}</text>',
                y + BAR_HEIGHT - 5,
                bar.label,
                _short(bar.label),
            )
        )
        x = float(LABEL_WIDTH)
        for item in series:
            value = bar.values.get(item.key, 0)
            if not value:
                continue
            w = BAR_AREA * value / scale_max
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" stroke="#333" stroke-width="0.5">'
                    "<title>{}: {}</title></rect>",
                    f"{x:.1f}",
                    y,
                    f"{w:.1f}",
                    BAR_HEIGHT,
                    chart_id,
                    item.key,
                    item.label,
                    value,
                )
            )
            x += w
        numbers = " / ".join(str(bar.values.get(item.key, 0)) for item in series)
        parts.append(
            format_html('<text x="{}" y="{}" font-size="13">{}</text>', f"{x + 6:.1f}", y + BAR_HEIGHT - 5, numbers)
        )
    defs = format_html_join("", "{}", ((_pattern(chart_id, item),) for item in series))
    return format_html(
        '<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="100%" '
        'style="max-width:{w}px" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc><defs>{defs}</defs>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        defs=defs,
        body=mark_safe("".join(parts)),  # noqa: S308 — every part is built by format_html above
    )
