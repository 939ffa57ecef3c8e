"""Writes of the register: versions' lifecycle, upload checks, kinds, audit rows."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from audit.models import AuditEntry
from tenants.academic_years import AcademicYear
from tenants.registry.models import REGISTER_MAX_FILE_SIZE, DocumentKind, DocumentVersion, VersionStatus
from tenants.registry.services import (
    document_kind_create,
    document_kind_delete,
    document_kind_update,
    document_version_create,
    document_version_delete,
    document_version_put_in_force,
    document_version_update,
)
from tenants.sample_documents import pdf_bytes
from tests.tenants.registry.factories import DocumentKindFactory

APPROVED = datetime.date(2025, 8, 28)
YEAR = AcademicYear.current().start


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def create(kind, file, *, user, **fields):
    fields.setdefault("approved_on", APPROVED)
    return document_version_create(kind=kind, file=file, acting_user=user, **fields)


# --- lifecycle ------------------------------------------------------------------------------


def test_a_version_put_in_force_supersedes_the_previous_one(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
        first = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE, order_number="12")
        second = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE)
        first.refresh_from_db()
        assert first.status == VersionStatus.SUPERSEDED
        assert second.status == VersionStatus.IN_FORCE
        assert list(kind.versions.in_force()) == [second]
        # The superseding is an audited edit of the old version, by the same person.
        assert AuditEntry.objects.filter(
            action="register_document.update", actor=methodologist_a, data__id=first.pk, data__fields=["status"]
        ).exists()
        assert ModelLogEntry.objects.filter(object_id=str(first.pk), action="wagtail.edit").exists()


def test_a_draft_does_not_touch_the_version_in_force(muni_a, methodologist_a, seeded_kind, pdf_file, docx_file):
    with tenant_context(muni_a):
        kind = seeded_kind("council-regulation")
        in_force = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE)
        draft = create(kind, docx_file(), user=methodologist_a, status=VersionStatus.DRAFT, approved_on=None)
        in_force.refresh_from_db()
        assert in_force.status == VersionStatus.IN_FORCE
        assert draft.file_format == "docx"
        # Putting the draft in force later supersedes the old one the same way.
        document_version_update(
            version=draft, data={"status": VersionStatus.IN_FORCE, "approved_on": APPROVED}, acting_user=methodologist_a
        )
        in_force.refresh_from_db()
        assert in_force.status == VersionStatus.SUPERSEDED
        assert DocumentVersion.objects.in_force().get(kind=kind) == draft


def test_put_in_force_needs_an_approval_date(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        draft = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a, approved_on=None)
        with pytest.raises(ValidationError) as error:
            document_version_put_in_force(version=draft, acting_user=methodologist_a)
        assert "Укажите дату утверждения" in str(error.value.message_dict["approved_on"])


def test_an_annual_document_needs_its_academic_year(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError) as error:
            create(seeded_kind("annual-plan"), pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE)
        assert "укажите учебный год" in str(error.value.message_dict["academic_year"])
        assert not DocumentVersion.objects.exists()


def test_next_years_plan_supersedes_this_years(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        kind = seeded_kind("annual-plan")
        this_year = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE, academic_year=YEAR)
        next_year = create(
            kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE, academic_year=YEAR + 1
        )
        this_year.refresh_from_db()
        assert (this_year.status, next_year.status) == (VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE)


def test_an_earlier_years_plan_cannot_replace_a_later_one(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        kind = seeded_kind("annual-plan")
        current = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE, academic_year=YEAR)
        with pytest.raises(ValidationError) as error:
            create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.IN_FORCE, academic_year=YEAR - 1)
        assert AcademicYear(YEAR).label in str(error.value.message_dict["status"])
        # Entered as superseded, the older plan goes into the history.
        old = create(kind, pdf_file(), user=methodologist_a, status=VersionStatus.SUPERSEDED, academic_year=YEAR - 1)
        current.refresh_from_db()
        assert current.status == VersionStatus.IN_FORCE
        assert old.status == VersionStatus.SUPERSEDED


def test_the_database_keeps_one_version_in_force_per_kind(muni_a, seeded_kind):
    from django.db import IntegrityError, transaction

    from tests.tenants.registry.factories import DocumentVersionFactory

    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
        DocumentVersionFactory(kind=kind, status=VersionStatus.IN_FORCE)
        with pytest.raises(IntegrityError), transaction.atomic():
            DocumentVersionFactory(kind=kind, status=VersionStatus.IN_FORCE)


def test_a_version_keeps_its_kind(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a)
        with pytest.raises(ValueError, match="kind"):
            document_version_update(
                version=version, data={"kind": seeded_kind("council-regulation")}, acting_user=methodologist_a
            )


def test_deleting_a_version_is_audited(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a)
        pk = version.pk
        document_version_delete(version=version, acting_user=methodologist_a)
        assert not DocumentVersion.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="register_document.delete", data__id=pk)
    assert (entry.actor, entry.municipality, entry.schema_name) == (methodologist_a, muni_a, muni_a.schema_name)


def test_creating_a_version_writes_the_audit_row_and_the_log_entry(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a)
        assert ModelLogEntry.objects.filter(object_id=str(version.pk), action="wagtail.create").exists()
    entry = AuditEntry.objects.get(action="register_document.create", data__id=version.pk)
    assert entry.municipality == muni_a
    assert "Положение о муниципальной методической службе" in entry.target


# --- uploads --------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture, file_format", [("pdf_file", "pdf"), ("docx_file", "docx"), ("odt_file", "odt")])
def test_pdf_docx_and_odt_are_accepted_by_content(request, muni_a, methodologist_a, seeded_kind, fixture, file_format):
    file = request.getfixturevalue(fixture)(name="без расширения")
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), file, user=methodologist_a)
        assert version.file_format == file_format
        assert version.file_size == file.size
        assert version.file.name.startswith("registry/")
        assert version.file_label.startswith(file_format.upper() + ", ")


def test_a_png_named_pdf_is_refused(muni_a, methodologist_a, seeded_kind):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        create(seeded_kind("mms-regulation"), ContentFile(png_bytes(), name="положение.pdf"), user=methodologist_a)
    assert error.value.message_dict["file"] == [
        "Допускаются только файлы PDF, DOCX, ODT; содержимое этого файла им не соответствует."
    ]


def test_a_zip_that_is_no_document_is_refused(muni_a, methodologist_a, seeded_kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        create(seeded_kind("mms-regulation"), ContentFile(buffer.getvalue(), name="a.docx"), user=methodologist_a)
    assert "file" in error.value.message_dict


def test_an_empty_file_is_refused(muni_a, methodologist_a, seeded_kind):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        create(seeded_kind("mms-regulation"), ContentFile(b"", name="empty.pdf"), user=methodologist_a)
    assert error.value.message_dict["file"] == ["Файл пустой."]


def test_an_oversized_file_is_refused(muni_a, methodologist_a, seeded_kind):
    content = pdf_bytes("Большой файл") + b"%" * REGISTER_MAX_FILE_SIZE
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        create(seeded_kind("mms-regulation"), ContentFile(content, name="big.pdf"), user=methodologist_a)
    assert error.value.message_dict["file"][0].startswith("Файл слишком большой")
    with tenant_context(muni_a):
        assert not DocumentVersion.objects.exists()


def test_replacing_the_file_is_checked_and_updates_format_and_size(
    muni_a, methodologist_a, seeded_kind, pdf_file, odt_file
):
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a)
        with pytest.raises(ValidationError):
            document_version_update(
                version=version, data={"file": ContentFile(png_bytes(), name="x.odt")}, acting_user=methodologist_a
            )
        version = DocumentVersion.objects.get(pk=version.pk)
        new_file = odt_file()
        document_version_update(version=version, data={"file": new_file}, acting_user=methodologist_a)
        version.refresh_from_db()
        assert (version.file_format, version.file_size) == ("odt", new_file.size)


# --- kinds ----------------------------------------------------------------------------------


def test_a_municipality_adds_its_own_kind_last(muni_a, methodologist_a):
    with tenant_context(muni_a):
        kind = document_kind_create(
            name="Положение о муниципальном конкурсе «Педагог года»", is_required=True, acting_user=methodologist_a
        )
        assert list(DocumentKind.objects.all())[-1] == kind
        assert not kind.is_seeded
        document_kind_update(kind=kind, data={"is_required": False}, acting_user=methodologist_a)
        kind.refresh_from_db()
        assert not kind.is_required
    assert AuditEntry.objects.filter(action="register_kind.create", data__id=kind.pk).exists()
    assert AuditEntry.objects.filter(action="register_kind.update", data__id=kind.pk).exists()


def test_kinds_of_the_regulations_and_kinds_in_use_are_not_deleted(muni_a, methodologist_a, seeded_kind, pdf_file):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError, match="номенклатуры положений"):
            document_kind_delete(kind=seeded_kind("mms-regulation"), acting_user=methodologist_a)
        own = DocumentKindFactory()
        create(own, pdf_file(), user=methodologist_a)
        with pytest.raises(ValidationError, match="есть редакции"):
            document_kind_delete(kind=own, acting_user=methodologist_a)
        unused = DocumentKindFactory()
        unused_pk = unused.pk
        document_kind_delete(kind=unused, acting_user=methodologist_a)
        assert not DocumentKind.objects.filter(pk=unused_pk).exists()
    assert AuditEntry.objects.filter(action="register_kind.delete", data__id=unused_pk).exists()


def test_a_deleted_versions_file_goes_after_commit(
    muni_a, methodologist_a, seeded_kind, pdf_file, media_root, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        version = create(seeded_kind("mms-regulation"), pdf_file(), user=methodologist_a)
        stored = media_root / muni_a.schema_name / version.file.name
        assert stored.exists()
        with django_capture_on_commit_callbacks(execute=True):
            document_version_delete(version=version, acting_user=methodologist_a)
    assert not stored.exists()
