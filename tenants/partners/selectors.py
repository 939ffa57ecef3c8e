"""Reads of the network partners: what was done together, for the staff and for the public site."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from tenants.events.models import Event, EventStatus
from tenants.partners.models import JointProject, Partner, PartnerAgreement


@dataclass
class JointWork:
    """A partner's agreements, events held together and joint projects, newest first."""

    partner: Partner
    agreements: list[PartnerAgreement]
    events: list[Event]
    projects: list[JointProject]


def partner_joint_work(partner: Partner, *, public: bool = False) -> JointWork:
    """Everything done with ``partner``; ``public``: only what the site may show (public events that
    were not cancelled, public projects; agreements without their scans)."""
    events = partner.events.order_by("-starts_at")
    projects = partner.projects.order_by("-starts_on", "title")
    if public:
        events = events.filter(is_public=True).exclude(status=EventStatus.CANCELLED)
        projects = projects.filter(is_public=True)
    return JointWork(
        partner=partner,
        agreements=list(partner.agreements.order_by("-concluded_on")),
        events=list(events),
        projects=list(projects),
    )


def partner_public_list() -> QuerySet[Partner]:
    return Partner.objects.filter(is_public=True).order_by("kind", "name")


def partner_public_get(*, pk: int) -> Partner | None:
    return Partner.objects.filter(is_public=True, pk=pk).first()


def agreement_with_scan_get(*, pk: int) -> PartnerAgreement | None:
    """An agreement whose scan may be downloaded (by the staff: the view checks the permission)."""
    return PartnerAgreement.objects.filter(pk=pk).exclude(scan="").first()
