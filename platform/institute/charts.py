"""Server-rendered comparisons: a bar chart of share done and heat maps (direction or competence area ×
municipality).

Both carry their numbers as text (labels in the SVG, a table for the heat map): colour only
repeats what the text says, for readers who cannot tell shades apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from institute.dashboard import DashboardRow, Direction, DirectionCell
from institute.development import Area, AreaCell, DevelopmentRow
from tenants.monitoring.charts import LABEL_MAX_WIDTH, fit_text, text_width

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 260
BAR_WIDTH = 420
VALUE_WIDTH = 60  # «100 %» and a gap


@dataclass(frozen=True)
class Bar:
    label: str
    short: str  # the label as drawn: shortened with «…» when longer than the label column
    value: float | None
    y: int
    width: int
    text: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.bar_width + VALUE_WIDTH


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def share_done_chart(rows: Sequence[DashboardRow]) -> BarChart:
    """The label column is as wide as the longest name (up to ``LABEL_MAX_WIDTH``; a longer name
    is shortened, the full one in the label's ``<title>``)."""
    label_width = int(min(max((text_width(row.name) for row in rows), default=0), LABEL_MAX_WIDTH)) + 12
    bars = []
    for index, row in enumerate(rows):
        value = row.share_done
        bars.append(
            Bar(
                label=row.name,
                short=fit_text(row.name, LABEL_MAX_WIDTH),
                value=value,
                y=index * (BAR_HEIGHT + BAR_GAP),
                width=round((value or 0) * BAR_WIDTH),
                text=percent(value),
            )
        )
    return BarChart(bars=bars, height=max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP), label_width=label_width)


@dataclass(frozen=True)
class HeatCell:
    text: str  # «3 из 5»
    share_text: str
    level: int  # 0 (none) … 4 (all done); -1 when there are no items


@dataclass(frozen=True)
class HeatRow:
    name: str
    slug: str
    cells: list[HeatCell]


def heat_cell(cell: DirectionCell | None) -> HeatCell:
    if cell is None or cell.in_effect == 0:
        return HeatCell(text="—", share_text="", level=-1)
    value = cell.share_done or 0.0
    return HeatCell(text=f"{cell.done}/{cell.in_effect}", share_text=percent(value), level=min(4, int(value * 4)))


def heat_map(rows: Sequence[DashboardRow], directions: Sequence[Direction]) -> list[HeatRow]:
    return [
        HeatRow(name=row.name, slug=row.slug, cells=[heat_cell(row.directions.get(d.code)) for d in directions])
        for row in rows
    ]


@dataclass(frozen=True)
class SeriesPoint:
    x: int
    y: int
    label: str
    value: float | None


def sparkline(values: Sequence[tuple[str, float | None]], *, width: int = 360, height: int = 60) -> list[SeriesPoint]:
    """Points of a small line chart of shares (0…1), one per day, left to right."""
    if not values:
        return []
    step = width / max(len(values) - 1, 1)
    return [
        SeriesPoint(x=round(i * step), y=round(height - (v or 0.0) * height), label=label, value=v)
        for i, (label, v) in enumerate(values)
    ]


def area_heat_cell(cell: AreaCell | None, diagnosed: int) -> HeatCell:
    """Teachers with an open deficit in the area, out of the municipality's diagnosed teachers."""
    if cell is None or cell.teachers_with_deficit == 0:
        return HeatCell(text="0" if diagnosed else "—", share_text="", level=0 if diagnosed else -1)
    value = cell.teachers_with_deficit / diagnosed if diagnosed else None
    level = min(4, int((value or 0.0) * 4)) if value is not None else -1
    return HeatCell(text=str(cell.teachers_with_deficit), share_text=percent(value) if value else "", level=level)


def area_heat_map(rows: Sequence[DevelopmentRow], areas: Sequence[Area]) -> list[HeatRow]:
    return [
        HeatRow(
            name=row.name,
            slug=row.slug,
            cells=[area_heat_cell(row.areas.get(area.code), row.teachers_diagnosed) for area in areas],
        )
        for row in rows
    ]
