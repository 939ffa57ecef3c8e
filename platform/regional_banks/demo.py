"""Demo decisions of the institute on the region's banks (region-level; after the municipalities'
demo data): the expert council accepts the nominated practices of every other municipality (the
rest wait), and ЛОИРО proposes a regional internship on one site. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from regional_banks.models import InternshipProposal, NominationStatus, PracticeNomination
from regional_banks.services import internship_proposal_create, practice_nomination_decide

INSTITUTE_EMAIL = "loiro@lenobl.example"
PROPOSAL_TITLE = "Региональная стажировка: наставничество в школе"


def demo_seed_region() -> None:
    institute = User.objects.filter(email=INSTITUTE_EMAIL).first()
    if institute is None:
        return
    today = timezone.localdate()
    pending = PracticeNomination.objects.filter(status=NominationStatus.PENDING).order_by("municipality__name", "pk")
    for index, nomination in enumerate(pending):
        if index % 2 == 0:
            practice_nomination_decide(
                nomination=nomination, accept=True, decided_on=today - datetime.timedelta(days=3),
                protocol_number=f"ЭС-{index + 1}", comment="Рекомендована для тиражирования в регионе.",
                acting_user=institute,
            )  # fmt: skip
    if InternshipProposal.objects.filter(title=PROPOSAL_TITLE).exists():
        return
    from regional_banks.selectors import internship_site_entries

    site = internship_site_entries().filter(in_force=True).first()
    if site is not None:
        internship_proposal_create(
            acting_user=institute, site=site, title=PROPOSAL_TITLE, hours=18, capacity=15,
            starts_on=today + datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=62),
            topics="Модели наставничества\nСопровождение молодых педагогов", note="Для наставников школ региона.",
        )  # fmt: skip
