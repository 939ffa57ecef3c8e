"""Demo nominations to the region's bank (inside the municipality's schema): every practice
recommended for the regional level is nominated once. Runs after the practices demo; the
institute's decisions are the region's demo (``regional_banks.demo``)."""

from __future__ import annotations

from regional_banks.models import PracticeNomination
from tenants.municipalities.models import Municipality
from tenants.practices.models import Practice, PracticeLevel, PracticeStatus
from tenants.practices.regional import practice_nominate


def demo_seed(municipality: Municipality) -> None:
    done = set(PracticeNomination.objects.filter(municipality=municipality).values_list("practice_id", flat=True))
    for practice in Practice.objects.filter(level=PracticeLevel.REGIONAL, status=PracticeStatus.RECOMMENDED):
        if practice.pk not in done:
            practice_nominate(
                practice=practice, acting_user=None, note="Опыт востребован педагогами соседних муниципалитетов."
            )
