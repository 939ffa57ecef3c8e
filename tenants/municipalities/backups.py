"""One municipality backed up into one archive, and restored from it, in place or under a new slug.

The archive (a tar file) holds:

- ``schema.dump``: ``pg_dump --format=custom -n <schema>`` — every table of the municipality;
- ``registry.json``: its row of the region's registry and its domains;
- ``media/…``: its files, read through the storage (the local folder or the S3 bucket alike);
- ``manifest.json``: slug, schema, when, and what is inside.

Restoring in place (``replace=True``) first writes a ``pg_dump -n`` of what is there now, then
drops the schema and restores the dump. Restoring under another slug never touches the live
municipality: the dump's statements are rewritten to the new schema's name (the rows of its
``COPY`` blocks are left as they are) and run by psql. The copy gets the registry row's fields
and ``<new-slug>.REGION_DOMAIN``, not the original's own domains, and fresh role groups (no
members): the Wagtail permission rows of the dump, which name the original's groups, are dropped.

Beat runs ``municipality_backups_fan_out`` nightly: one task per municipality writes its archive
into ``BACKUP_DIR/municipalities/<slug>/``, and archives older than ``BACKUP_RETENTION_DAYS``
are deleted. The whole cluster's point-in-time recovery is pgBackRest's (deploy/README.md).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from audit.services import audit_record
from tenants.media_storage import schema_storage
from tenants.municipalities import provisioning, schemas
from tenants.municipalities.models import Domain, Municipality, schema_name_for_slug
from tenants.municipalities.services import schema_backup

ARCHIVE_FORMAT = 1
REGISTRY_FIELDS = ("name", "short_name", "oktmo", "contact_email", "status", "archived_at")


@dataclass(frozen=True)
class RestoreResult:
    municipality: Municipality
    schema_name: str
    tables: int
    files: int
    safety_dump: Path | None


def _pg_arguments(database: str | None = None) -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    arguments = [
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
    ]
    return arguments, {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}


def _pg(command: str, *arguments: str, database: str | None = None) -> None:
    connect, env = _pg_arguments()
    name = database or str(connection.settings_dict["NAME"])
    database_flag = ["-d", name] if command in ("pg_restore", "psql") else [name] if command == "pg_dump" else []
    done = subprocess.run(
        [command, *connect, *arguments, *database_flag], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed: {done.stderr.strip()[-2000:]}")


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under ``folder`` of ``storage`` (folders walked, the bucket listed)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def municipality_backup(*, municipality: Municipality, directory: Path | None = None) -> Path:
    """Write the municipality's archive (see the module's docstring); its path."""
    directory = Path(directory or Path(settings.BACKUP_DIR) / "municipalities" / municipality.slug)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    path = directory / f"{municipality.slug}-{stamp}.tar"
    storage = schema_storage(municipality.schema_name)
    with tempfile.TemporaryDirectory(prefix="metodika-backup-") as scratch:
        dump = schema_backup(schema_name=municipality.schema_name, directory=Path(scratch))
        registry = {
            "slug": municipality.slug,
            **{field: _jsonable(getattr(municipality, field)) for field in REGISTRY_FIELDS},
            "domains": [
                {"domain": d.domain, "is_primary": d.is_primary}
                for d in Domain.objects.filter(tenant=municipality).order_by("-is_primary", "domain")
            ],
        }
        files = sorted(storage_files(storage))
        partial = path.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname="schema.dump")
            _add(archive, "registry.json", json.dumps(registry, ensure_ascii=False, indent=1).encode())
            for name in files:
                with storage.open(name, "rb") as handle:
                    _add(archive, f"media/{name}", handle.read())
            manifest = {
                "format": ARCHIVE_FORMAT,
                "slug": municipality.slug,
                "schema_name": municipality.schema_name,
                "created_at": timezone.now().isoformat(),
                "files": len(files),
            }
            _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        partial.rename(path)  # a crashed backup never leaves an archive that looks whole
    return path


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.extractfile(name)
    if member is None:
        raise ValidationError(_("В архиве нет %(name)s.") % {"name": name})
    return member.read()


def _section_sql(dump: Path, section: str, *, old: str, new: str, scratch: Path) -> Path:
    """One section of the dump as SQL, with the schema called ``new`` instead of ``old``.

    The name is replaced in the statements only, never in the rows of a ``COPY … FROM stdin``
    block, so data that happens to contain the old name is restored as it was.
    """
    _connect, env = _pg_arguments()
    plain = subprocess.run(
        ["pg_restore", "--no-owner", f"--section={section}", "-f", "-", str(dump)],
        env=env,
        capture_output=True,
        check=True,
    ).stdout.decode()
    name = re.compile(rf'(?<![\w$"]){re.escape(old)}(?![\w$])|"{re.escape(old)}"')
    lines, in_copy = [], False
    for line in plain.splitlines(keepends=True):
        if in_copy:
            in_copy = line.rstrip("\n") != "\\."
        else:
            line = name.sub(new, line)
            in_copy = line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;")
        lines.append(line)
    path = scratch / f"{section}.sql"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _restore_sections(dump: Path, *, source: str, target: str, scratch: Path, foreign_groups: bool) -> None:
    """Tables and rows first, constraints last; in between, the Wagtail permission rows that name
    another municipality's role groups (a copy) or groups gone since are removed."""
    if source == target:
        for section in ("pre-data", "data"):
            _pg(
                "pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", f"--section={section}", str(dump)
            )
        _group_permissions_drop(target, foreign=foreign_groups)
        _pg("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--section=post-data", str(dump))
        return
    sections = {
        s: _section_sql(dump, s, old=source, new=target, scratch=scratch) for s in ("pre-data", "data", "post-data")
    }
    for section in ("pre-data", "data"):
        _pg("psql", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(sections[section]))
    _group_permissions_drop(target, foreign=foreign_groups)
    _pg("psql", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(sections["post-data"]))


def municipality_restore(
    *, archive_path: Path, new_slug: str = "", replace: bool = False, acting_user: Any = None
) -> RestoreResult:
    """Restore an archive of ``municipality_backup`` (see the module's docstring)."""
    from accounts.services import municipality_role_groups_create

    schemas.schema_activate_public()
    with tarfile.open(archive_path, "r") as archive, tempfile.TemporaryDirectory(prefix="metodika-restore-") as tmp:
        scratch = Path(tmp)
        manifest = json.loads(_read(archive, "manifest.json"))
        registry = json.loads(_read(archive, "registry.json"))
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise ValidationError(_("Неизвестный формат архива."))
        source_schema = manifest["schema_name"]
        slug = (new_slug or manifest["slug"]).strip().lower()
        schema_name = schema_name_for_slug(slug)
        existing = Municipality.objects.filter(slug=slug).first()
        if existing is not None and not replace:
            raise ValidationError(
                _("Муниципалитет «%(slug)s» уже есть; восстановить поверх него можно только с --replace.")
                % {"slug": slug}
            )
        if (
            new_slug
            and Domain.objects.filter(domain=f"{slug}.{settings.REGION_DOMAIN}").exclude(tenant=existing).exists()
        ):
            raise ValidationError(_("Адрес %(slug)s уже занят.") % {"slug": slug})
        dump = scratch / "schema.dump"
        dump.write_bytes(_read(archive, "schema.dump"))
        safety = None
        if schema_exists(schema_name):
            safety = schema_backup(schema_name=schema_name)  # what was there, before it goes
            provisioning.schema_drop(schema_name)
        _restore_sections(
            dump, source=source_schema, target=schema_name, scratch=scratch, foreign_groups=existing is None
        )

        with transaction.atomic():
            municipality = existing or Municipality(slug=slug, schema_name=schema_name)
            for field in REGISTRY_FIELDS:
                value = registry.get(field)
                if field == "archived_at" and value:
                    value = datetime.datetime.fromisoformat(value)
                setattr(municipality, field, value)
            municipality.schema_name = schema_name
            municipality.save()  # django-tenants creates no schema: it exists (auto_create_schema off)
            if new_slug:
                Domain.objects.get_or_create(
                    domain=f"{slug}.{settings.REGION_DOMAIN}", defaults={"tenant": municipality, "is_primary": True}
                )
            else:
                Domain.objects.filter(tenant=municipality).delete()
                for domain in registry["domains"]:
                    Domain.objects.create(tenant=municipality, domain=domain["domain"], is_primary=domain["is_primary"])
            if existing is None:
                with schema_context(schema_name):
                    municipality_role_groups_create(municipality)
            audit_record(
                action="municipality.restore",
                acting_user=acting_user,
                municipality=municipality,
                target=slug,
                data={"archive": archive_path.name, "from": manifest["slug"], "replace": replace},
            )

        storage = schema_storage(schema_name)
        for name in list(storage_files(storage)):
            storage.delete(name)
        files = 0
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith("media/"):
                handle = archive.extractfile(member)
                assert handle is not None
                storage.save(member.name.removeprefix("media/"), ContentFile(handle.read()))
                files += 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", [schema_name])
            (tables,) = cursor.fetchone()
    from tenants.municipalities.middleware import host_tenant_forget

    host_tenant_forget([d.domain for d in Domain.objects.filter(tenant=municipality)])
    return RestoreResult(municipality, schema_name, tables, files, safety)


def _group_permissions_drop(schema_name: str, *, foreign: bool) -> None:
    """Page and collection permissions of the restored schema that must not stand: all of them
    when the municipality is new to the registry (its role groups are made afresh), else those
    whose group no longer exists."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    with connection.cursor() as cursor:
        for model in (GroupPagePermission, GroupCollectionPermission):
            table = f'"{schema_name}"."{model._meta.db_table}"'
            if foreign:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (names from the registry and models)
            else:
                cursor.execute(
                    f"DELETE FROM {table} WHERE group_id NOT IN (SELECT id FROM public.auth_group)"  # noqa: S608
                )


def backups_expired_delete(*, directory: Path | None = None, retention_days: int | None = None) -> int:
    """Delete municipality archives older than ``BACKUP_RETENTION_DAYS``; how many went."""
    directory = Path(directory or Path(settings.BACKUP_DIR) / "municipalities")
    days = settings.BACKUP_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = timezone.now().timestamp() - days * 86400
    deleted = 0
    for path in directory.glob("*/*.tar"):
        if path.stat().st_mtime < cutoff:
            path.unlink()
            deleted += 1
    return deleted
