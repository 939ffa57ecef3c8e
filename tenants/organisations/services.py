"""Writes of the municipality's organisations: one path for the admin, imports, commands and tests.

Single objects go through the audited actions (``tenants.audited_actions``): validation, Wagtail's
history and the region's audit row in one transaction. A file goes through the import engine.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role, User
from accounts.selectors import user_by_verified_email
from accounts.services import role_grant, role_revoke, user_invite
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.imports.engine import import_apply
from tenants.imports.specs import ImportResult
from tenants.municipalities.models import Municipality
from tenants.organisations.imports import OrganisationImportSpec
from tenants.organisations.models import (
    CoordinatorPosition,
    Organisation,
    OrganisationKind,
    OrganisationSiteStatus,
    SchoolCoordinator,
)

ORGANISATION_FIELDS = frozenset(
    {"kind", "full_name", "short_name", "inn", "address", "head_name", "phone", "email", "website", "is_active"}
)


def organisation_create(
    *,
    acting_user: ActingUser,
    full_name: str,
    short_name: str,
    inn: str,
    kind: str = OrganisationKind.SCHOOL,
    address: str = "",
    head_name: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    is_active: bool = True,
) -> Organisation:
    """Add an organisation; raises ValidationError (Russian, per field) on bad input such as a bad INN."""
    organisation = Organisation(
        kind=kind,
        full_name=full_name,
        short_name=short_name,
        inn=inn,
        address=address,
        head_name=head_name,
        phone=phone,
        email=email,
        website=website,
        is_active=is_active,
    )
    return audited_create(organisation, acting_user=acting_user)


def organisation_update(*, organisation: Organisation, acting_user: ActingUser, **fields: Any) -> Organisation:
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"not organisation fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organisation, name, value)
    return audited_update(organisation, acting_user=acting_user)


def organisation_delete(*, organisation: Organisation, acting_user: ActingUser) -> None:
    """Delete an organisation nothing refers to; with teachers (or associations…) tied to it, refuse."""
    try:
        audited_delete(organisation, acting_user=acting_user)
    except ProtectedError as error:
        related = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            _(
                "Организацию «%(name)s» нельзя удалить: с ней связаны %(related)s. Переведите их в другую "
                "организацию или отметьте организацию как недействующую."
            )
            % {"name": organisation.short_name, "related": ", ".join(related)},
            code="protected",
        ) from None


def organisation_site_status_add(
    *,
    organisation: Organisation,
    acting_user: ActingUser,
    kind: str,
    valid_from: datetime.date,
    order_number: str,
    order_date: datetime.date,
    topic: str = "",
    valid_to: datetime.date | None = None,
) -> OrganisationSiteStatus:
    """Give an organisation a site status by an order (004 §2.1.11)."""
    status = OrganisationSiteStatus(
        organisation=organisation,
        kind=kind,
        topic=topic,
        valid_from=valid_from,
        valid_to=valid_to,
        order_number=order_number,
        order_date=order_date,
    )
    return audited_create(status, acting_user=acting_user)


@transaction.atomic
def organisations_import(*, data: bytes, filename: str, acting_user: ActingUser) -> ImportResult:
    """Add and update organisations from an XLSX or CSV file, all rows or none (see OrganisationImportSpec)."""
    return import_apply(OrganisationImportSpec(), data, filename=filename, acting_user=acting_user)


@transaction.atomic
def school_coordinator_appoint(
    *,
    municipality: Municipality,
    organisation: Organisation,
    acting_user: ActingUser,
    email: str = "",
    user: User | None = None,
    position: str = CoordinatorPosition.DEPUTY_HEAD,
    first_name: str = "",
    last_name: str = "",
    middle_name: str = "",
) -> SchoolCoordinator:
    """Make the owner of ``email`` the coordinator of ``organisation``'s methodological service.

    004 §3.2, 002 table 1: the school's methodological service (a deputy head for teaching or the
    school's methodologist) is part of the regional system. The person gets the role
    «Координатор методической службы школы» in ``municipality`` with the row, and an invitation
    (a new account is made for an address nobody has verified). One organisation per person:
    someone already coordinating another is refused with a message; the same again is a no-op.
    ``user`` instead of ``email``: an existing account, given the role without an invitation.
    """
    existing_user = user if user is not None else user_by_verified_email(email)
    if existing_user is not None:
        held = SchoolCoordinator.objects.filter(user=existing_user).select_related("organisation").first()
        if held is not None:
            if held.organisation_id == organisation.pk:
                return held
            raise ValidationError(
                _("%(person)s уже координирует методическую службу организации «%(organisation)s».")
                % {"person": existing_user, "organisation": held.organisation.short_name},
                code="coordinates_other",
            )
    if user is not None:
        role_grant(
            user=user, role=Role.SCHOOL_COORDINATOR, municipality=municipality, acting_user=acting_user, binding=True
        )
    else:
        user = user_invite(
            municipality=municipality,
            email=email,
            role=Role.SCHOOL_COORDINATOR,
            acting_user=acting_user,
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            binding=True,
        )
    return audited_create(
        SchoolCoordinator(organisation=organisation, user=user, position=position), acting_user=acting_user
    )


@transaction.atomic
def school_coordinator_remove(
    *, municipality: Municipality, coordinator: SchoolCoordinator, acting_user: ActingUser
) -> None:
    """Take the coordination away: the row goes, and with it the role in ``municipality``."""
    user = coordinator.user
    audited_delete(coordinator, acting_user=acting_user)
    if not SchoolCoordinator.objects.filter(user=user).exists():
        role_revoke(
            user=user, role=Role.SCHOOL_COORDINATOR, municipality=municipality, acting_user=acting_user, binding=True
        )
