"""Innovation projects across the region (001 §2.3; 004 §3.2), from the roll-ups: counts and
statuses per municipality, and the sites by level (projects not stopped)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rollups.models import InnovationRollup
from tenants.innovation.models import InnovationLevel, InnovationStatus
from tenants.municipalities.models import Municipality, MunicipalityStatus

STATUSES = tuple(InnovationStatus.values)
LEVELS = tuple(InnovationLevel.values)


@dataclass
class InnovationRow:
    name: str
    slug: str = ""
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    @property
    def cells(self) -> list[int]:
        return [*(self.by_status[s] for s in STATUSES), *(self.by_level[level] for level in LEVELS)]


def innovation_region() -> tuple[list[InnovationRow], InnovationRow]:
    """Every active municipality (zeros where none) and the region's totals."""
    rows = {
        m.pk: InnovationRow(name=m.name, slug=m.slug)
        for m in Municipality.objects.exclude(schema_name="public")
        .filter(status=MunicipalityStatus.ACTIVE)
        .only("pk", "name", "slug")
        .order_by("name")
    }
    totals = InnovationRow(name="")
    for municipality_id, level, status, projects in InnovationRollup.objects.filter(
        municipality_id__in=list(rows)
    ).values_list("municipality_id", "level", "status", "projects"):
        for row in (rows[municipality_id], totals):
            row.by_status[status] = row.by_status.get(status, 0) + projects
            if status != InnovationStatus.STOPPED:
                row.by_level[level] = row.by_level.get(level, 0) + projects
    return list(rows.values()), totals


def innovation_headers() -> list[str]:
    return [*(str(InnovationStatus(s).label) for s in STATUSES), *(str(InnovationLevel(v).label) for v in LEVELS)]
