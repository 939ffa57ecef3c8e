"""Demo tripartite agreements for the demo region, through the services (004 §4.4).

Region-level: call once after the demo municipalities exist (``demo_seed_region()``).
Sosnovy Bor has an agreement in force, signed by all three parties; Vsevolozhsk one on
signature, signed by the committee and the institute and waiting for its head; Luga an expired
one and the institute's draft of the next, so the dashboard flags it. Idempotent: an agreement
whose number exists is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Party
from agreements.services import (
    agreement_create,
    agreement_renew,
    agreement_send,
    agreement_sign,
    agreements_expiry_advance,
)
from tenants.municipalities.models import Municipality

INSTITUTE_EMAIL = "loiro@lenobl.example"
COMMITTEE_EMAIL = "komitet@lenobl.example"
SUBJECT = (
    "Научно-методическое сопровождение деятельности муниципальной методической службы, "
    "реализация единого календаря значимых образовательных событий РС НМС Ленинградской области"
)
OBLIGATIONS = (
    "ЛОИРО: научно-методическое сопровождение ММС, участие специалистов в методических мероприятиях, "
    "диагностика профессиональных дефицитов педагогов, курсы повышения квалификации по заявкам.\n"
    "Комитет: координация региональной системы научно-методического сопровождения, единый календарь "
    "значимых образовательных событий.\n"
    "ОМСУ: годовой план работы ММС с учётом единого календаря, отчёт об исполнении плана ежегодно, "
    "обеспечение участия педагогов в региональных мероприятиях."
)
# What each demo municipality's agreement shows.
DEMO_ROLES = {"sosnovy-bor": "in_force", "vsevolozhsk": "on_signature", "luga": "expired"}
RESPONSIBLE = {
    "committee": "Волков Дмитрий Сергеевич, начальник отдела комитета",
    "institute": "Кузнецова Елена Викторовна, проректор ЛОИРО",
}


def _fields(municipality: Municipality, number: str, start: datetime.date, years: int = 3) -> dict[str, Any]:
    return {
        "municipality": municipality,
        "number": number,
        "concluded_on": start - datetime.timedelta(days=14),
        "subject": SUBJECT,
        "term_from": start,
        "term_to": datetime.date(start.year + years, 8, 31),
        "municipality_responsible": f"руководитель органа управления образованием ({municipality.short_name})",
        "committee_responsible": RESPONSIBLE["committee"],
        "institute_responsible": RESPONSIBLE["institute"],
        "obligations": OBLIGATIONS,
    }


def _signed(agreement: Agreement, signers: dict[str, User], parties: list[str], day: datetime.date) -> Agreement:
    for party in parties:
        agreement = agreement_sign(agreement=agreement, party=party, acting_user=signers[party], today=day)
    return agreement


@transaction.atomic
def demo_seed_region() -> list[Agreement]:
    institute = User.objects.get(email=INSTITUTE_EMAIL)
    committee = User.objects.get(email=COMMITTEE_EMAIL)
    made: list[Agreement] = []
    by_slug = {m.slug: m for m in Municipality.objects.filter(slug__in=DEMO_ROLES)}
    for slug, municipality in by_slug.items():
        head = User.objects.get(email=f"head@{slug}.example")
        signers: dict[str, User] = {Party.INSTITUTE: institute, Party.COMMITTEE: committee, Party.MUNICIPALITY: head}
        expired = DEMO_ROLES[slug] == "expired"
        number = f"ТС-{municipality.oktmo or municipality.pk}-" + ("2021" if expired else "2024")
        if Agreement.objects.filter(number=number).exists():
            continue
        start = datetime.date(2021 if expired else 2024, 9, 1)
        agreement = agreement_create(acting_user=institute, **_fields(municipality, number, start))
        agreement = agreement_send(agreement=agreement, acting_user=institute)
        if DEMO_ROLES[slug] == "on_signature":
            agreement = _signed(agreement, signers, [Party.COMMITTEE, Party.INSTITUTE], start)
        else:
            agreement = _signed(agreement, signers, [Party.MUNICIPALITY, Party.COMMITTEE, Party.INSTITUTE], start)
        made.append(agreement)
        if expired:
            agreements_expiry_advance(today=timezone.localdate())
            agreement.refresh_from_db()
            made.append(
                agreement_renew(
                    agreement=agreement,
                    number=f"ТС-{municipality.oktmo or municipality.pk}-2026",
                    concluded_on=timezone.localdate(),
                    term_from=timezone.localdate(),
                    term_to=datetime.date(timezone.localdate().year + 3, 8, 31),
                    acting_user=institute,
                )
            )
    return made
