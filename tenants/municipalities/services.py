"""Writes on municipalities: provisioning, domains, archiving, deletion with a backup."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from audit.services import audit_record
from tenants.municipalities import provisioning, schemas
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.municipalities.models import (
    Domain,
    Municipality,
    MunicipalityStatus,
    oktmo_validator,
    schema_name_for_slug,
    validate_municipality_slug,
)

if TYPE_CHECKING:
    from accounts.models import ActingUser

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


@dataclass
class ProvisionResult:
    municipality: Municipality
    created: bool
    source: str  # "pool", "clone" or "existing"
    seconds: float = 0.0
    domains: list[str] = field(default_factory=list)


def _normalise_domain(value: str) -> str:
    return value.strip().lower().rstrip(".")


def _validate_domains(domains: list[str], *, own: Municipality | None = None) -> list[str]:
    errors = []
    clean = []
    for raw in domains:
        domain = _normalise_domain(raw)
        if not HOSTNAME_RE.match(domain):
            errors.append(_("«%(domain)s» — недопустимое имя домена.") % {"domain": raw})
            continue
        if domain == settings.REGION_DOMAIN or domain == f"www.{settings.REGION_DOMAIN}":
            errors.append(_("Домен «%(domain)s» занят регионом.") % {"domain": domain})
            continue
        taken = Domain.objects.filter(domain=domain)
        if own is not None:
            taken = taken.exclude(tenant=own)
        if taken.exists():
            errors.append(_("Домен «%(domain)s» уже отдан другому муниципалитету.") % {"domain": domain})
            continue
        clean.append(domain)
    if errors:
        raise ValidationError({"domains": errors})
    return list(dict.fromkeys(clean))


def municipality_validate(
    *, name: str, short_name: str, slug: str, contact_email: str, oktmo: str = "", domains: list[str] | None = None
) -> list[str]:
    """Check a provisioning request; raises ValidationError with Russian messages per field."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Укажите полное наименование."))
    if not short_name.strip():
        errors.setdefault("short_name", []).append(_("Укажите краткое наименование."))
    try:
        validate_municipality_slug(slug)
    except ValidationError as exc:
        errors.setdefault("slug", []).extend(exc.messages)
    try:
        validate_email(contact_email)
    except ValidationError:
        errors.setdefault("contact_email", []).append(_("Укажите корректный адрес электронной почты."))
    if oktmo:
        try:
            oktmo_validator(oktmo)
        except ValidationError as exc:
            errors.setdefault("oktmo", []).extend(exc.messages)
    clean_domains: list[str] = []
    try:
        clean_domains = _validate_domains(domains or [])
    except ValidationError as exc:
        errors.setdefault("domains", []).extend(exc.message_dict["domains"])
    if errors:
        raise ValidationError(errors)
    return clean_domains


def municipality_provision(
    *,
    name: str,
    short_name: str,
    slug: str,
    contact_email: str,
    oktmo: str = "",
    domains: list[str] | None = None,
    head_email: str = "",
    head_first_name: str = "",
    head_last_name: str = "",
    acting_user: ActingUser = None,
    use_pool: bool = True,
) -> ProvisionResult:
    """Create a municipality: schema, domains, site, role groups, first head of service.

    Idempotent for the same slug and name; everything happens in one transaction (PostgreSQL
    DDL included), so a failure part-way leaves no schema, row or domain behind. The schema is
    taken from the spare pool when one of the current template is there (a rename), otherwise
    cloned from the template; a missing template is an error, never a full migration.
    """
    from accounts.models import Role
    from accounts.services import invitation_email_check, municipality_role_groups_create, user_invite
    from cms.home.starter import starter_site_configure

    started = time.perf_counter()
    slug = slug.strip().lower()
    existing = Municipality.objects.filter(slug=slug).first()
    if existing is not None:
        if existing.name == name.strip():
            return ProvisionResult(municipality=existing, created=False, source="existing")
        raise ValidationError(
            {"slug": [_("Код «%(slug)s» уже занят: %(name)s.") % {"slug": slug, "name": existing.name}]}
        )
    clean_domains = municipality_validate(
        name=name, short_name=short_name, slug=slug, contact_email=contact_email, oktmo=oktmo, domains=domains
    )
    if head_email:
        try:
            validate_email(head_email)
        except ValidationError as exc:
            raise ValidationError({"head_email": [_("Укажите корректный e-mail руководителя.")]}) from exc
        # The head is found by a verified address only; one held unverified is refused before any
        # schema work (issue 13).
        try:
            invitation_email_check(head_email)
        except ValidationError as exc:
            raise ValidationError({"head_email": exc.messages}) from exc
    schema_name = schema_name_for_slug(slug)
    if schema_exists(schema_name):
        raise ValidationError({"slug": [_("Схема «%(schema)s» уже существует в базе.") % {"schema": schema_name}]})

    signature = provisioning.template_require()
    schemas.schema_activate_public()
    try:
        with transaction.atomic():
            spare = provisioning.spare_take(signature) if use_pool else None
            if spare:
                provisioning.schema_rename(old=spare, new=schema_name)
                source = "pool"
            else:
                provisioning.schema_clone(source=provisioning.template_schema_name(), target=schema_name)
                source = "clone"
            municipality = Municipality.objects.create(
                schema_name=schema_name,
                name=name.strip(),
                short_name=short_name.strip(),
                slug=slug,
                contact_email=contact_email.strip(),
                oktmo=oktmo.strip(),
            )
            hostnames = [
                municipality.default_hostname,
                *[d for d in clean_domains if d != municipality.default_hostname],
            ]
            Domain.objects.bulk_create(
                Domain(domain=host, tenant=municipality, is_primary=(i == 0)) for i, host in enumerate(hostnames)
            )
            schemas.schema_activate(municipality)
            starter_site_configure(municipality=municipality, hostname=municipality.default_hostname)
            municipality_role_groups_create(municipality)
            audit_record(
                action="municipality.provision",
                acting_user=acting_user,
                municipality=municipality,
                target=municipality.slug,
                data={"source": source, "domains": hostnames},
            )
            if head_email:
                try:
                    user_invite(
                        municipality=municipality,
                        email=head_email,
                        role=Role.HEAD,
                        acting_user=acting_user,
                        first_name=head_first_name,
                        last_name=head_last_name,
                    )
                except ValidationError as exc:
                    raise ValidationError({"head_email": exc.messages}) from exc
            if use_pool:
                # The pool is refilled by a worker after the commit, never here: a clone costs
                # about a second with a few schemas and over a minute with 2,500 (bench/README.md).
                # An empty pool asks for its refill too — then most of all.
                from tenants.municipalities.tasks import spare_pool_refill_task

                task_send_on_commit(spare_pool_refill_task, schema_name="public")
    finally:
        schemas.schema_activate_public()
    return ProvisionResult(
        municipality=municipality,
        created=True,
        source=source,
        seconds=time.perf_counter() - started,
        domains=hostnames,
    )


@transaction.atomic
def municipality_domain_add(*, municipality: Municipality, domain: str, acting_user: ActingUser) -> Domain:
    (clean,) = _validate_domains([domain], own=municipality)
    obj, _created = Domain.objects.get_or_create(domain=clean, defaults={"tenant": municipality, "is_primary": False})
    audit_record(action="municipality.domain_add", acting_user=acting_user, municipality=municipality, target=clean)
    return obj


@transaction.atomic
def municipality_archive(*, municipality: Municipality, acting_user: ActingUser) -> Municipality:
    """Take a municipality offline for the public and its staff; its data stays."""
    if municipality.is_archived:
        return municipality
    municipality.status = MunicipalityStatus.ARCHIVED
    municipality.archived_at = timezone.now()
    municipality.save(update_fields=["status", "archived_at"])
    audit_record(
        action="municipality.archive", acting_user=acting_user, municipality=municipality, target=municipality.slug
    )
    return municipality


@transaction.atomic
def municipality_unarchive(*, municipality: Municipality, acting_user: ActingUser) -> Municipality:
    if not municipality.is_archived:
        return municipality
    municipality.status = MunicipalityStatus.ACTIVE
    municipality.archived_at = None
    municipality.save(update_fields=["status", "archived_at"])
    audit_record(
        action="municipality.unarchive", acting_user=acting_user, municipality=municipality, target=municipality.slug
    )
    return municipality


@transaction.atomic
def municipality_maintenance_start(*, municipality: Municipality, reason: str, acting_user: ActingUser) -> None:
    """Put a municipality's site behind the maintenance page (its schema could not be migrated)."""
    first = municipality.maintenance_since is None
    municipality.maintenance_since = municipality.maintenance_since or timezone.now()
    municipality.maintenance_reason = reason
    municipality.save(update_fields=["maintenance_since", "maintenance_reason"])
    if first:
        audit_record(
            action="municipality.maintenance_start",
            acting_user=acting_user,
            municipality=municipality,
            target=municipality.slug,
            data={"reason": reason[-2000:]},
        )


@transaction.atomic
def municipality_maintenance_end(*, municipality: Municipality, acting_user: ActingUser) -> None:
    if municipality.maintenance_since is None:
        return
    municipality.maintenance_since = None
    municipality.maintenance_reason = ""
    municipality.save(update_fields=["maintenance_since", "maintenance_reason"])
    audit_record(
        action="municipality.maintenance_end",
        acting_user=acting_user,
        municipality=municipality,
        target=municipality.slug,
    )


def schema_backup(*, schema_name: str, directory: Path | None = None) -> Path:
    """``pg_dump -n`` of one schema into BACKUP_DIR; raises if the dump fails or is empty."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{schema_name}-{timezone.now():%Y%m%dT%H%M%S}.dump"
    db = connection.settings_dict
    env = {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    cmd = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "-n",
        schema_name,
        "-f",
        str(path),
        "-h",
        str(db.get("HOST") or db.get("OPTIONS", {}).get("host") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
        str(db["NAME"]),
    ]
    subprocess.run(cmd, check=True, env={**os.environ, **env}, capture_output=True)
    if not path.exists() or path.stat().st_size == 0:
        raise RuntimeError(f"Backup of {schema_name} is empty: {path}")
    return path


def municipality_delete(*, municipality: Municipality, acting_user: ActingUser, confirm_slug: str) -> Path:
    """Delete a municipality and drop its schema, after writing a ``pg_dump -n`` backup.

    Only the operator command calls this; the slug must be typed again to confirm.
    """
    if confirm_slug != municipality.slug:
        raise ValidationError(_("Для удаления введите код муниципалитета ещё раз."))
    backup = schema_backup(schema_name=municipality.schema_name)
    schemas.schema_activate_public()
    with transaction.atomic():
        from accounts.services import municipality_role_groups_delete

        audit_record(
            action="municipality.delete",
            acting_user=acting_user,
            municipality=None,
            target=municipality.slug,
            data={"backup": str(backup), "schema": municipality.schema_name},
        )
        # The schema first: its Wagtail permission rows point at the public groups.
        provisioning.schema_drop(municipality.schema_name)
        municipality_role_groups_delete(municipality)
        municipality.delete()
    return backup
