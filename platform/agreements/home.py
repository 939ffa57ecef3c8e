"""The agreement on the head's home (tenants.staff_home): agreements waiting for the municipality's
signature, and the agreement in force with its expiry (or none in force)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from agreements.models import IN_FORCE_STATUSES, AgreementStatus, Party
from agreements.selectors import municipality_agreement_list
from tenants.municipalities.selectors import current_municipality
from tenants.staff_home import HomeLine, home_section_register


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """One query (the municipality's agreements with their signatures)."""
    municipality = current_municipality()
    if municipality is None:
        return []
    agreements = list(municipality_agreement_list(municipality=municipality))
    url = reverse("municipal_agreements")
    to_sign = [
        a for a in agreements
        if a.status == AgreementStatus.SENT and Party.MUNICIPALITY not in {s.party for s in a.signatures.all()}
    ]  # fmt: skip
    in_force = [a for a in agreements if a.status in IN_FORCE_STATUSES]
    if in_force:
        current = in_force[0]
        note = _("%(status)s, срок действия по %(day)s") % {
            "status": current.get_status_display().lower(), "day": current.term_to.strftime("%d.%m.%Y"),
        }  # fmt: skip
    else:
        note = _("действующего соглашения нет")
    return [
        HomeLine("agreements.to_sign", _("соглашений ждут подписи руководителя"), len(to_sign), url,
                 attention=bool(to_sign)),
        HomeLine("agreements.in_force", _("соглашений с регионом в силе"), len(in_force), url,
                 attention=not in_force or in_force[0].status == AgreementStatus.EXPIRING, note=note),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="agreements_head", title=gettext_lazy("Соглашение с регионом"), roles=[Role.HEAD], permission="",
        order=70, lines=head_lines,
    )  # fmt: skip
