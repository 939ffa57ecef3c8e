"""Writes of the document register. The admin, the demo and the tests all go through these.

Each write is an audited action (``tenants.audited_actions``): Wagtail's log entry for the
admin's history and our audit row, in the write's transaction; each also rewrites the
municipality's roll-up of required documents in force (``registry_rollup_write``) in that
transaction, so the region's dashboard is never stale. Audit rows read
``register_kind.<verb>`` and ``register_document.<verb>``.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import ActingUser
from tenants.academic_years import AcademicYear
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.municipalities.schemas import schema_active
from tenants.registry.models import (
    REGISTER_FILE_FORMATS,
    REGISTER_MAX_FILE_SIZE,
    DocumentKind,
    DocumentVersion,
    Renewal,
    VersionStatus,
)
from tenants.registry.rollups import registry_rollup_write
from tenants.uploads import validate_document_upload

KIND_EDITABLE_FIELDS = frozenset({"name", "clause", "is_required", "renewal", "order"})
# A version stays with its kind: a file of another document is a new version of that one.
VERSION_EDITABLE_FIELDS = frozenset(
    {"title", "file", "status", "academic_year", "approved_on", "order_number", "order_date", "is_public"}
)


def register_file_check(file: IO[bytes]) -> tuple[str, int]:
    """The file's format and size, if it is a PDF, DOCX or ODT by content and not too big."""
    try:
        file_format = validate_document_upload(file, allowed=REGISTER_FILE_FORMATS, max_size=REGISTER_MAX_FILE_SIZE)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return file_format, int(size)


# --- kinds of documents -------------------------------------------------------------------


@transaction.atomic
def document_kind_create(
    *,
    name: str,
    clause: str = "",
    is_required: bool = False,
    renewal: str = Renewal.STANDING,
    order: int | None = None,
    acting_user: ActingUser,
) -> DocumentKind:
    """A municipality's own kind of document ("иные документы", 004 §4.10.5); last unless ordered."""
    if order is None:
        highest = DocumentKind.objects.aggregate(highest=Max("order"))["highest"] or 0
        order = highest + 10
    kind = DocumentKind(name=name, clause=clause, is_required=is_required, renewal=renewal, order=order)
    kind = audited_create(kind, acting_user=acting_user)
    registry_rollup_write()
    return kind


@transaction.atomic
def document_kind_update(*, kind: DocumentKind, data: dict[str, Any], acting_user: ActingUser) -> DocumentKind:
    unknown = set(data) - KIND_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable on a document kind: {sorted(unknown)}")
    for field, value in data.items():
        setattr(kind, field, value)
    kind = audited_update(kind, acting_user=acting_user)
    registry_rollup_write()
    return kind


@transaction.atomic
def document_kind_delete(*, kind: DocumentKind, acting_user: ActingUser) -> None:
    """Delete a kind the municipality added and never used; the regulations' kinds stay."""
    if kind.is_seeded:
        raise ValidationError(
            _("Вид документа из номенклатуры положений удалить нельзя; его можно сделать необязательным.")
        )
    if kind.versions.exists():
        raise ValidationError(_("У этого вида документа есть редакции: сначала удалите их."))
    audited_delete(kind, acting_user=acting_user)
    registry_rollup_write()


# --- versions -----------------------------------------------------------------------------


@transaction.atomic
def document_version_create(
    *,
    kind: DocumentKind,
    file: File,
    status: str = VersionStatus.DRAFT,
    title: str = "",
    academic_year: int | None = None,
    approved_on: Any = None,
    order_number: str = "",
    order_date: Any = None,
    is_public: bool = False,
    acting_user: ActingUser,
) -> DocumentVersion:
    """Add a version of a document; put in force, it supersedes the one in force before."""
    file_format, file_size = register_file_check(file)
    version = DocumentVersion(
        kind=kind,
        file=file,
        file_format=file_format,
        file_size=file_size,
        status=status,
        title=title,
        academic_year=academic_year,
        approved_on=approved_on,
        order_number=order_number,
        order_date=order_date,
        is_public=is_public,
    )
    version.full_clean()
    if version.status == VersionStatus.IN_FORCE:
        _supersede_version_in_force(version, acting_user=acting_user)
    version = audited_create(version, acting_user=acting_user)
    registry_rollup_write()
    return version


@transaction.atomic
def document_version_update(
    *, version: DocumentVersion, data: dict[str, Any], acting_user: ActingUser
) -> DocumentVersion:
    """Change a version; putting it in force supersedes the one in force before."""
    unknown = set(data) - VERSION_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable on a document version: {sorted(unknown)}")
    new_file = data.get("file")
    if new_file is not None and not isinstance(new_file, FieldFile):
        version.file_format, version.file_size = register_file_check(new_file)
    for field, value in data.items():
        setattr(version, field, value)
    version.full_clean()
    if version.status == VersionStatus.IN_FORCE:
        _supersede_version_in_force(version, acting_user=acting_user)
    version = audited_update(version, acting_user=acting_user)
    registry_rollup_write()
    return version


@transaction.atomic
def document_version_put_in_force(*, version: DocumentVersion, acting_user: ActingUser) -> DocumentVersion:
    return document_version_update(version=version, data={"status": VersionStatus.IN_FORCE}, acting_user=acting_user)


@transaction.atomic
def document_version_delete(*, version: DocumentVersion, acting_user: ActingUser) -> None:
    """Delete a version; its file goes once the deletion is committed."""
    schema, name = schema_active(), version.file.name
    audited_delete(version, acting_user=acting_user)
    registry_rollup_write()
    if name:
        transaction.on_commit(lambda: _stored_file_delete(schema, name))


def _stored_file_delete(schema: str, name: str) -> None:
    # The storage is rooted at the schema in use; pin it, whatever runs the callback.
    with schema_context(schema):
        default_storage.delete(name)


def _supersede_version_in_force(version: DocumentVersion, *, acting_user: ActingUser) -> None:
    """Mark the kind's version in force as superseded, before ``version`` takes its place.

    An annual document (plan, analysis) can't replace one for a later academic year: a
    version for an earlier year is entered as superseded.
    """
    # Lock the kind: two people putting versions of it in force at once queue up here.
    kind = DocumentKind.objects.select_for_update().get(pk=version.kind_id)
    previous_versions = DocumentVersion.objects.in_force().filter(kind=kind)
    if version.pk is not None:
        previous_versions = previous_versions.exclude(pk=version.pk)
    for previous in previous_versions:
        if (
            kind.is_annual
            and previous.academic_year
            and version.academic_year
            and previous.academic_year > version.academic_year
        ):
            raise ValidationError(
                {
                    "status": _(
                        "В силе уже редакция за %(year)s учебный год; редакцию за более ранний год "
                        "можно внести только как утратившую силу."
                    )
                    % {"year": AcademicYear(previous.academic_year).label}
                }
            )
        previous.status = VersionStatus.SUPERSEDED
        # Only the status changes: the old version is not re-validated against today's rules.
        audited_update(previous, acting_user=acting_user, clean=False)
