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

from accounts.models import ActingUser
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.imports.engine import import_apply
from tenants.imports.specs import ImportResult
from tenants.organisations.imports import OrganisationImportSpec
from tenants.organisations.models import Organisation, OrganisationKind, OrganisationSiteStatus

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
