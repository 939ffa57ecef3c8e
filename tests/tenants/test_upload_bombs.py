"""Zip bombs on every upload path: refused from the archive's directory, before any library
unpacks a part, with a Russian message on the form.

Each bomb is a real DOCX, XLSX or ODT with one part that unpacks to hundreds of megabytes of
zeros (``tests.zip_bombs``); the upload paths are the content check every document upload goes
through (resources, register, practices, bodies, PD records), the import engine's XLSX reading
and its upload form, and Wagtail's own document upload (single and multiple).
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tenants import uploads
from tenants.imports.reading import TableFileError, table_read
from tenants.sample_documents import docx_bytes, odt_bytes
from tenants.uploads import validate_document_upload
from tests import zip_bombs

REFUSED = "Файл не принят"
# Building nothing bigger than the bomb itself: what a refusal may allocate at most.
REFUSAL_MEMORY_LIMIT = 16 * 1024 * 1024

BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "docx_part": (zip_bombs.docx_bomb, "«word/document.xml» распаковывается в 300,0"),
    "odt_part": (zip_bombs.odt_bomb, "«content.xml» распаковывается в 300,0"),
    "xlsx_part": (zip_bombs.xlsx_bomb, "«xl/styles.xml» распаковывается в 300,0"),
    "docx_total": (zip_bombs.docx_many_parts_bomb, "распакованный, он занял бы 300,"),
    "docx_ratio": (zip_bombs.docx_ratio_bomb, "сжата в 10"),
    "docx_members": (zip_bombs.docx_crowded, "слишком много частей"),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize("name", list(BOMBS))
def test_every_kind_of_bomb_is_refused_from_the_directory_alone(name):
    build, expected = BOMBS[name]
    data = build()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_document_upload(io.BytesIO(data), allowed=("docx", "odt", "xlsx"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = _messages(refused.value)
    assert message.startswith(REFUSED) and expected in message, message
    assert "сохраните его заново" in message
    assert peak < REFUSAL_MEMORY_LIMIT, peak


def test_real_documents_pass():
    from tests.tenants.imports.files import xlsx_bytes

    for data, kind in (
        (docx_bytes("Положение", ["Текст " * 5000]), "docx"),
        (odt_bytes("Положение", ["Текст " * 5000]), "odt"),
        (xlsx_bytes([["ФИО"], ["Иванова"]] * 500), "xlsx"),
    ):
        uploads.zip_archive_check(io.BytesIO(data))
        assert validate_document_upload(io.BytesIO(data), allowed=("docx", "odt", "xlsx")) == kind


def test_resources_refuse_a_bomb(muni_a, methodologist_a):
    from tenants.resources.models import Resource, ResourceKind
    from tenants.resources.services import resource_create

    with tenant_context(muni_a), pytest.raises(ValidationError) as refused:
        resource_create(
            acting_user=methodologist_a,
            title="Положение",
            kind=ResourceKind.values[0],
            file=_upload(zip_bombs.docx_bomb(), "polozhenie.docx"),
        )
    assert REFUSED in " ".join(refused.value.message_dict["file"])
    with tenant_context(muni_a):
        assert not Resource.objects.filter(title="Положение").exists()


def test_the_document_register_refuses_a_bomb(muni_a):
    from tenants.registry.services import register_file_check

    with tenant_context(muni_a), pytest.raises(ValidationError) as refused:
        register_file_check(_upload(zip_bombs.odt_bomb(), "prikaz.odt"))
    assert REFUSED in " ".join(refused.value.message_dict["file"])


def test_practice_materials_refuse_a_bomb(muni_a):
    from tenants.practices.models import PracticeMaterial

    material = PracticeMaterial(title="Конспект", file=_upload(zip_bombs.docx_bomb(), "konspekt.docx"))
    with tenant_context(muni_a), pytest.raises(ValidationError) as refused:
        material.clean()
    assert REFUSED in " ".join(refused.value.message_dict["file"])


def test_bodies_documents_refuse_a_bomb(muni_a):
    from tenants.bodies.models import validate_body_document

    with tenant_context(muni_a), pytest.raises(ValidationError) as refused:
        validate_body_document(_upload(zip_bombs.docx_ratio_bomb(), "protokol.docx"))
    assert REFUSED in _messages(refused.value)


def test_pd_records_refuse_a_bomb(muni_a):
    from tenants.development.models import CourseRecord

    record = CourseRecord(file=_upload(zip_bombs.docx_many_parts_bomb(), "udostoverenie.docx"))
    with tenant_context(muni_a), pytest.raises(ValidationError) as refused:
        record.clean()
    assert REFUSED in " ".join(refused.value.message_dict["file"])


def test_imports_refuse_a_bomb_before_openpyxl_opens_it():
    tracemalloc.start()
    try:
        with pytest.raises(TableFileError) as refused:
            table_read(zip_bombs.xlsx_bomb())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.message.startswith(REFUSED)
    assert "«xl/styles.xml»" in refused.value.message
    assert peak < REFUSAL_MEMORY_LIMIT, peak


def test_an_import_form_shows_the_refusal_and_keeps_nothing(host_client, muni_a, methodologist_a, media_root):
    client = host_client(muni_a, methodologist_a)
    response = client.post("/admin/organisations/import/", {"file": _upload(zip_bombs.xlsx_bomb(), "орг.xlsx")})
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html and "«xl/styles.xml»" in html
    assert not (media_root / muni_a.schema_name / "imports").exists()


def _root_collection_id(municipality) -> int:
    with tenant_context(municipality):
        return Collection.get_first_root_node().pk


def test_wagtail_document_upload_refuses_a_bomb(host_client, muni_a, methodologist_a):
    client = host_client(muni_a, methodologist_a)
    collection = _root_collection_id(muni_a)
    with tenant_context(muni_a):
        before = get_document_model().objects.count()
    response = client.post(
        "/admin/documents/add/",
        {"title": "Бомба", "collection": collection, "file": _upload(zip_bombs.docx_bomb(), "bomba.docx")},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    multiple = client.post(
        "/admin/documents/multiple/add/",
        {"collection": collection, "files[]": _upload(zip_bombs.odt_bomb(), "bomba.odt")},
    )
    assert multiple.status_code == 200
    assert multiple.json()["success"] is False and REFUSED in multiple.json()["error_message"]
    with tenant_context(muni_a):
        assert get_document_model().objects.count() == before
    # An ordinary document still goes in.
    ok = client.post(
        "/admin/documents/add/",
        {"title": "Положение", "collection": collection, "file": _upload(docx_bytes("Положение"), "p.docx")},
    )
    assert ok.status_code == 302
    with tenant_context(muni_a):
        assert get_document_model().objects.count() == before + 1
