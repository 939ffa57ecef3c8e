"""Writes of the network partners (001 §1.1, §3.1; 004 §4.3): partners, agreements with their scans,
joint projects, and which events were held together. Each through the audited actions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_create, audited_update
from tenants.events.models import Event
from tenants.partners.models import JointProject, Partner, PartnerAgreement
from tenants.uploads import validate_document_upload

SCAN_FORMATS = ("pdf",)
SCAN_MAX_SIZE = 20 * 1024 * 1024


def agreement_scan_check(file: IO[bytes]) -> str:
    """The scan's format if it is a PDF by content, within the size limit (the project's upload checks)."""
    try:
        return validate_document_upload(file, allowed=SCAN_FORMATS, max_size=SCAN_MAX_SIZE)
    except ValidationError as error:
        raise ValidationError({"scan": error.error_list}) from error


@transaction.atomic
def partner_create(
    *, name: str, kind: str, acting_user: ActingUser, website: str = "", contacts: str = "", description: str = "",
    is_public: bool = True,
) -> Partner:  # fmt: skip
    partner = Partner(
        name=name.strip(), kind=kind, website=website, contacts=contacts, description=description, is_public=is_public
    )
    partner.full_clean()
    return audited_create(partner, acting_user=acting_user)


@transaction.atomic
def partner_update(*, partner: Partner, acting_user: ActingUser, **fields: Any) -> Partner:
    unknown = set(fields) - {"name", "kind", "website", "contacts", "description", "is_public"}
    if unknown:
        raise TypeError(f"not partner fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.full_clean()
    return audited_update(partner, acting_user=acting_user)


@transaction.atomic
def partner_events_set(*, partner: Partner, events: Iterable[Event], acting_user: ActingUser) -> Partner:
    """The events held together with the partner."""
    chosen = list(events)
    partner.events.set(chosen)
    audit_record_municipal(
        action="partner.events",
        acting_user=acting_user,
        target=f"partner#{partner.pk}: {partner}",
        data={"id": partner.pk, "events": sorted(e.pk for e in chosen)},
    )
    return partner


@transaction.atomic
def agreement_create(
    *,
    partner: Partner,
    concluded_on: datetime.date,
    subject: str,
    acting_user: ActingUser,
    number: str = "",
    valid_until: datetime.date | None = None,
    scan: Any = None,
) -> PartnerAgreement:
    """An agreement with a partner; its scan, if any, must be a PDF by content."""
    agreement = PartnerAgreement(
        partner=partner, number=number, concluded_on=concluded_on, valid_until=valid_until, subject=subject
    )
    if scan is not None:
        agreement.scan_format = agreement_scan_check(scan)
        agreement.scan = scan
    agreement.full_clean()
    return audited_create(agreement, acting_user=acting_user)


@transaction.atomic
def joint_project_create(
    *,
    title: str,
    partners: Iterable[Partner],
    starts_on: datetime.date,
    acting_user: ActingUser,
    ends_on: datetime.date | None = None,
    goals: str = "",
    result: str = "",
    is_public: bool = True,
) -> JointProject:
    chosen = list(partners)
    if not chosen:
        raise ValidationError({"partners": _("Укажите хотя бы одного партнёра.")})
    project = JointProject(
        title=title.strip(), starts_on=starts_on, ends_on=ends_on, goals=goals, result=result, is_public=is_public
    )
    project.full_clean()
    project = audited_create(project, acting_user=acting_user)
    project.partners.set(chosen)
    return project
