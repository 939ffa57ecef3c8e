"""The olympiad across the region (003 §1.3), from the roll-ups only: counts, never a pupil.

Per municipality: the school stage's participants, the municipal stage's participants, winners
and prize-winners, the delegation to the regional stage (those who reached the passing score),
and the regional stage's participants, winners and prize-winners as the municipalities record
them; the same per subject for the region. One query over ``OlympiadRollup`` for a year
(optionally one subject), summed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from rollups.models import OlympiadRollup
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.olympiads.models import Stage, Subject


@dataclass(slots=True)
class OlympiadRow:
    name: str
    slug: str = ""
    school_participants: int = 0
    municipal_participants: int = 0
    municipal_winners: int = 0
    municipal_prize_winners: int = 0
    delegation: int = 0  # goes on from the municipal to the regional stage
    regional_participants: int = 0
    regional_winners: int = 0
    regional_prize_winners: int = 0
    final_participants: int = 0

    def add(self, stage: str, participants: int, winners: int, prize_winners: int, advanced: int) -> None:
        if stage == Stage.SCHOOL:
            self.school_participants += participants
        elif stage == Stage.MUNICIPAL:
            self.municipal_participants += participants
            self.municipal_winners += winners
            self.municipal_prize_winners += prize_winners
            self.delegation += advanced
        elif stage == Stage.REGIONAL:
            self.regional_participants += participants
            self.regional_winners += winners
            self.regional_prize_winners += prize_winners
        elif stage == Stage.FINAL:
            self.final_participants += participants

    def merge(self, other: OlympiadRow) -> None:
        for counted in fields(self):
            if counted.name not in ("name", "slug"):
                setattr(self, counted.name, getattr(self, counted.name) + getattr(other, counted.name))


@dataclass
class OlympiadRegion:
    municipalities: list[OlympiadRow] = field(default_factory=list)
    subjects: list[OlympiadRow] = field(default_factory=list)
    totals: OlympiadRow = field(default_factory=lambda: OlympiadRow(name=""))


def olympiad_region(*, academic_year: str, subject: str = "") -> OlympiadRegion:
    """Every active municipality (those without data as zeros) and every subject with data."""
    by_municipality = {
        m.pk: OlympiadRow(name=m.name, slug=m.slug)
        for m in Municipality.objects.exclude(schema_name="public")
        .filter(status=MunicipalityStatus.ACTIVE)
        .only("pk", "name", "slug")
        .order_by("name")
    }
    labels = dict(Subject.choices)
    by_subject: dict[str, OlympiadRow] = {}
    rows = OlympiadRollup.objects.filter(academic_year=academic_year, municipality_id__in=list(by_municipality))
    if subject:
        rows = rows.filter(subject_code=subject)
    for municipality_id, subject_code, stage, participants, winners, prize_winners, advanced in rows.values_list(
        "municipality_id", "subject_code", "stage", "participants", "winners", "prize_winners", "advanced"
    ):
        by_municipality[municipality_id].add(stage, participants, winners, prize_winners, advanced)
        row = by_subject.setdefault(subject_code, OlympiadRow(name=str(labels.get(subject_code, subject_code))))
        row.add(stage, participants, winners, prize_winners, advanced)
    region = OlympiadRegion(
        municipalities=list(by_municipality.values()),
        subjects=sorted(by_subject.values(), key=lambda r: r.name),
    )
    for row in region.municipalities:
        region.totals.merge(row)
    return region
