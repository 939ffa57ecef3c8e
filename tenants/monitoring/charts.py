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

FONT_SIZE = 13
BAR_AREA = 400
ROW_HEIGHT = 30
TWO_LINE_ROW_HEIGHT = 40
BAR_HEIGHT = 20
LEGEND_HEIGHT = 28
# The widest a label column grows; a longer label wraps onto a second line, and what still does
# not fit is shortened with «…» (the full text stays in the label's <title>).
LABEL_MAX_WIDTH = 300
GAP = 10
# Width of a character as a share of the font size, on the generous side of the sans-serif fonts
# a browser falls back to (DejaVu Sans is the widest common one): the chart is laid out on the
# server, so it must never be narrower than what the browser draws.
CHAR_EM = 0.7
SPACE_EM = 0.35


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """A safe upper estimate of the drawn width of ``text`` (user units of the SVG)."""
    return sum(SPACE_EM if char == " " else CHAR_EM for char in text) * size


def fit_text(text: str, width: float) -> str:
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def label_lines(label: str, width: float = LABEL_MAX_WIDTH) -> list[str]:
    """The label on one line, or on two split at a space, the second shortened if it must be."""
    if text_width(label) <= width:
        return [label]
    words = label.split(" ")
    first = words[0]
    for count in range(1, len(words)):
        candidate = " ".join(words[: count + 1])
        if text_width(candidate) > width:
            break
        first = candidate
    rest = label[len(first) :].strip()
    if not rest:
        return [fit_text(first, width)]
    return [fit_text(first, width), fit_text(rest, width)]


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


def _legend(chart_id: str, series: list[Series], width: float) -> tuple[list[SafeString], int]:
    """The legend's swatches and names, in as many rows as the chart's width needs."""
    parts: list[SafeString] = []
    x: float = 0
    row = 0
    for item in series:
        item_width = 22 + text_width(item.label) + 16
        if x and x + item_width > width:
            x, row = 0, row + 1
        y = 6 + row * LEGEND_HEIGHT
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="16" fill="url(#{}-{})" stroke="#333"/>'
                '<text x="{}" y="{}" font-size="{}">{}</text>',
                f"{x:.1f}",
                y,
                chart_id,
                item.key,
                f"{x + 22:.1f}",
                y + 13,
                FONT_SIZE,
                item.label,
            )
        )
        x += item_width
    return parts, (row + 1) * LEGEND_HEIGHT


def _label(lines: list[str], full: str, y: int) -> SafeString:
    if len(lines) == 1:
        return format_html(
            '<text x="0" y="{}" font-size="{}"><title>{}</title>{}</text>', y + 15, FONT_SIZE, full, lines[0]
        )
    return format_html(
        '<text x="0" y="{}" font-size="{}"><title>{}</title><tspan x="0">{}</tspan>'
        '<tspan x="0" dy="{}">{}</tspan></text>',
        y + 13,
        FONT_SIZE,
        full,
        lines[0],
        FONT_SIZE + 3,
        lines[1],
    )


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], series: list[Series]) -> SafeString:
    """A horizontal bar chart, stacked when there are several series; numbers are printed on it.

    The label column is as wide as the longest label (up to ``LABEL_MAX_WIDTH``, then the label
    wraps) and the numbers' column as wide as the longest «25 / 17 / 16», so no text is clipped
    and no label runs under a bar (``tests/browser/test_admin_polish.py`` measures it in Chromium).
    """
    scale_max = max((bar.total for bar in bars), default=0) or 1
    labels = [label_lines(bar.label) for bar in bars]
    numbers = [" / ".join(str(bar.values.get(item.key, 0)) for item in series) for bar in bars]
    label_width = max((text_width(line) for lines in labels for line in lines), default=0) + GAP
    value_width = max((text_width(n) for n in numbers), default=0) + 2 * GAP
    width = int(label_width + BAR_AREA + value_width) + 1
    parts: list[SafeString] = []
    legend = 0
    if len(series) > 1:
        parts, legend = _legend(chart_id, series, width)
    row_height = TWO_LINE_ROW_HEIGHT if any(len(lines) > 1 for lines in labels) else ROW_HEIGHT
    height = legend + row_height * max(len(bars), 1) + 8
    for row, bar in enumerate(bars):
        y = legend + row * row_height + 4
        bar_y = y + (row_height - ROW_HEIGHT) // 2
        parts.append(_label(labels[row], bar.label, y if len(labels[row]) > 1 else bar_y))
        x = label_width
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
                    bar_y,
                    f"{w:.1f}",
                    BAR_HEIGHT,
                    chart_id,
                    item.key,
                    item.label,
                    value,
                )
            )
            x += w
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}">{}</text>', f"{x + GAP:.1f}", bar_y + 15, FONT_SIZE, numbers[row]
            )
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
