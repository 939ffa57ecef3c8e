"""The heat map of municipalities × procedures: each cell's share as text, its shade as a level.

The share is the procedure's headline indicator — quality («4» and «5») for procedures with
marks, success (at or above the minimum) for those with scores. The shade only repeats the
text, in five steps of 20 points, for readers who cannot tell shades apart the text is there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessment.indicators import percent
from institute.quality.selectors import KindCell, KindColumn, QualityRow


@dataclass(frozen=True)
class QualityHeatCell:
    text: str  # «48,2 %»
    participants: int
    flagged: int  # organisations with a flag from this procedure's results
    level: int  # 0 … 4; -1 when there are no results


@dataclass(frozen=True)
class QualityHeatRow:
    name: str
    slug: str
    cells: list[QualityHeatCell]


def share_text(value: Fraction | None) -> str:
    shown = percent(value)
    return "—" if shown is None else f"{shown}".replace(".", ",") + " %"


def quality_heat_cell(cell: KindCell | None, kind: KindColumn) -> QualityHeatCell:
    if cell is None or cell.counts.is_empty:
        return QualityHeatCell(text="—", participants=0, flagged=0, level=-1)
    value = cell.headline(kind.uses_marks)
    level = -1 if value is None else min(4, int(value * 5))
    return QualityHeatCell(
        text=share_text(value), participants=cell.counts.participants, flagged=cell.organisations_flagged, level=level
    )


def quality_heat_map(rows: Sequence[QualityRow], kinds: Sequence[KindColumn]) -> list[QualityHeatRow]:
    return [
        QualityHeatRow(name=row.name, slug=row.slug, cells=[quality_heat_cell(row.kinds.get(k.code), k) for k in kinds])
        for row in rows
    ]
