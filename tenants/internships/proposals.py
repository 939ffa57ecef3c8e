"""The municipality's answer to the institute's proposal of a regional internship (004 §3.3.3:
internships «совместно с ГАОУ ДПО «ЛОИРО»): accepted, it becomes an internship of the site's
programme (the programme of that title, or a new one), marked as run with the institute."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from regional_banks.models import InternshipProposal
from regional_banks.services import internship_proposal_answer
from tenants.internships.models import Internship, InternshipProgramme, InternshipSite
from tenants.internships.services import internship_create, internship_programme_create
from tenants.municipalities.models import Municipality


@transaction.atomic
def internship_proposal_accept(
    *, proposal: InternshipProposal, municipality: Municipality, acting_user: ActingUser
) -> Internship:
    site = InternshipSite.objects.filter(pk=proposal.site_id).first()
    if site is None or proposal.municipality_id != municipality.pk:
        raise ValidationError(_("Площадки из предложения больше нет в реестре."), code="site_missing")
    programme = InternshipProgramme.objects.filter(site=site, title=proposal.title).first()
    if programme is None:
        programme = internship_programme_create(
            site=site, title=proposal.title, hours=proposal.hours, capacity=proposal.capacity,
            topics=proposal.topics, description=proposal.note, acting_user=acting_user,
        )  # fmt: skip
    internship = internship_create(
        programme=programme, starts_on=proposal.starts_on, ends_on=proposal.ends_on, capacity=proposal.capacity,
        with_institute=True, regional_proposal_id=proposal.pk, acting_user=acting_user,
    )  # fmt: skip
    internship_proposal_answer(
        proposal=proposal, municipality=municipality, accept=True, acting_user=acting_user, internship_id=internship.pk
    )
    return internship


def internship_proposal_decline(
    *, proposal: InternshipProposal, municipality: Municipality, acting_user: ActingUser, answer: str
) -> InternshipProposal:
    return internship_proposal_answer(
        proposal=proposal, municipality=municipality, accept=False, acting_user=acting_user, answer=answer
    )
