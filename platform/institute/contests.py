"""Teachers' professional contests across the region (000 §2.3.3), from the roll-ups only: counts, never a name.

Per municipality and academic year: the municipal stage's admitted participants, winners and
prize-winners and the delegation to the regional stage; the regional and federal stages'
participants, winners and prize-winners as the municipalities entered them. One query over
``ContestRollup`` for a year, summed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from rollups.models import ContestRollup
from tenants.contests.models import Level
from tenants.municipalities.models import Municipality, MunicipalityStatus


@dataclass(slots=True)
class ContestRow:
    name: str
    slug: str = ""
    municipal_participants: int = 0
    municipal_winners: int = 0
    municipal_prize_winners: int = 0
    delegation: int = 0  # goes on from the municipal to the regional stage
    regional_participants: int = 0
    regional_winners: int = 0
    regional_prize_winners: int = 0
    federal_participants: int = 0
    federal_winners: int = 0
    federal_prize_winners: int = 0

    def add(self, level: str, participants: int, winners: int, prize_winners: int, advanced: int) -> None:
        if level == Level.MUNICIPAL:
            self.delegation += advanced
        if level in Level.values:
            setattr(self, f"{level}_participants", getattr(self, f"{level}_participants") + participants)
            setattr(self, f"{level}_winners", getattr(self, f"{level}_winners") + winners)
            setattr(self, f"{level}_prize_winners", getattr(self, f"{level}_prize_winners") + prize_winners)

    def merge(self, other: ContestRow) -> None:
        for counted in fields(self):
            if counted.name not in ("name", "slug"):
                setattr(self, counted.name, getattr(self, counted.name) + getattr(other, counted.name))

    @property
    def cells(self) -> list[int]:
        return [getattr(self, f.name) for f in fields(self) if f.name not in ("name", "slug")]


@dataclass
class ContestRegion:
    municipalities: list[ContestRow] = field(default_factory=list)
    totals: ContestRow = field(default_factory=lambda: ContestRow(name=""))


def contest_region(*, academic_year: str) -> ContestRegion:
    """Every active municipality (those without data as zeros) for one academic year."""
    by_municipality = {
        m.pk: ContestRow(name=m.name, slug=m.slug)
        for m in Municipality.objects.exclude(schema_name="public")
        .filter(status=MunicipalityStatus.ACTIVE)
        .only("pk", "name", "slug")
        .order_by("name")
    }
    rows = ContestRollup.objects.filter(academic_year=academic_year, municipality_id__in=list(by_municipality))
    for municipality_id, level, participants, winners, prize_winners, advanced in rows.values_list(
        "municipality_id", "level", "participants", "winners", "prize_winners", "advanced"
    ):
        by_municipality[municipality_id].add(level, participants, winners, prize_winners, advanced)
    region = ContestRegion(municipalities=list(by_municipality.values()))
    for row in region.municipalities:
        region.totals.merge(row)
    return region
