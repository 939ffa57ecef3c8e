"""Services of the resource bank: vectors recomputed on every write, text taken from files, checks, audit."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from audit.models import AuditEntry
from tenants.resources.models import Resource, ResourceKind
from tenants.resources.services import resource_create, resource_delete, resource_update
from tests.tenants.resources.factories import ResourceFactory, document_upload, subject_named


def lexemes(resource: Resource) -> str:
    resource.refresh_from_db(fields=["search_vector"])
    return str(resource.search_vector)


def test_create_stores_weighted_vector_of_title_description_and_file_text(muni_a, methodologist_a):
    with tenant_context(muni_a):
        resource = resource_create(
            acting_user=methodologist_a,
            title="Рабочая программа по физике",
            kind=ResourceKind.METHODOLOGICAL,
            description="Для седьмых классов",
            subject=subject_named("Физика"),
            tags=["ФГОС", "программы"],
            file=document_upload("docx", "Лабораторные работы по оптике и механике."),
        )
        vector = lexemes(resource)
        assert re.search(r"'физик':\d+A", vector)
        assert re.search(r"'седьм':\d+B", vector)
        assert re.search(r"'оптик':\d+C", vector)
        assert resource.file_kind == "docx"
        assert "механике" in resource.extracted_text
        assert set(resource.tags.names()) == {"ФГОС", "программы"}
        assert resource.created_by == methodologist_a


def test_pdf_and_odt_text_is_extracted(muni_a):
    with tenant_context(muni_a):
        pdf = ResourceFactory(file=document_upload("pdf", "Формирование функциональной грамотности школьников."))
        odt = ResourceFactory(file=document_upload("odt", "Наставничество в образовательной организации."))
        assert pdf.file_kind == "pdf" and "функциональной грамотности" in pdf.extracted_text
        assert odt.file_kind == "odt" and "Наставничество" in odt.extracted_text
        assert "'грамотн'" in lexemes(pdf)
        assert "'наставничеств'" in lexemes(odt)


def test_update_recomputes_the_vector_and_replaces_the_file_text(muni_a, methodologist_a):
    with tenant_context(muni_a):
        resource = ResourceFactory(title="Старое название", file=document_upload("docx", "Астрономия и звёзды."))
        old_path = resource.file.path
        resource_update(
            resource=resource,
            acting_user=methodologist_a,
            data={"title": "Новое название про геометрию", "file": document_upload("pdf", "Теорема Пифагора.")},
        )
        vector = lexemes(resource)
        assert "'геометр'" in vector and "'стар'" not in vector
        assert "'теорем'" in vector and "'астроном'" not in vector
        assert resource.file_kind == "pdf"
        # The old file goes once the change commits (the test transaction never does).
        assert old_path != resource.file.path


def test_clearing_the_file_needs_a_link_and_drops_the_text(muni_a, methodologist_a):
    with tenant_context(muni_a):
        resource = ResourceFactory(file=document_upload("docx", "Уникальнейшее слово."))
        with pytest.raises(ValidationError) as error:
            resource_update(resource=resource, acting_user=methodologist_a, data={"file": False})
        assert "Приложите файл или укажите ссылку" in str(error.value)
    with tenant_context(muni_a):
        resource = Resource.objects.get(pk=resource.pk)
        resource_update(
            resource=resource, acting_user=methodologist_a, data={"file": False, "link": "https://example.org/x"}
        )
        assert not resource.file and resource.extracted_text == ""
        assert "'уникальн'" not in lexemes(resource)


def test_a_file_or_a_link_is_required(muni_a, methodologist_a):
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        resource_create(acting_user=methodologist_a, title="Без файла", kind=ResourceKind.NORMATIVE)
    assert "Приложите файл или укажите ссылку на материал." in str(error.value)


def test_a_file_of_another_type_is_refused_by_its_content(muni_a, methodologist_a):
    disguised = SimpleUploadedFile("prikaz.pdf", b"MZ\x90\x00 this is an executable, not a PDF")
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        resource_create(acting_user=methodologist_a, title="Приказ", kind=ResourceKind.NORMATIVE, file=disguised)
    assert error.value.message_dict["file"] == [
        "Допускаются только файлы PDF, DOCX, ODT; содержимое этого файла им не соответствует."
    ]


def test_an_oversized_file_is_refused(muni_a, methodologist_a):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        resource_create(acting_user=methodologist_a, title="Большой", kind=ResourceKind.LITERATURE, file=big)
    assert error.value.message_dict["file"][0].startswith("Файл слишком большой: 20,0")
    assert "допускается не больше 20,0" in error.value.message_dict["file"][0]


def test_writes_leave_wagtail_history_and_audit_rows(muni_a, methodologist_a):
    with tenant_context(muni_a):
        resource = resource_create(
            acting_user=methodologist_a,
            title="Нормативный акт",
            kind=ResourceKind.NORMATIVE,
            link="https://example.org/a",
        )
        resource_update(resource=resource, acting_user=methodologist_a, data={"is_public": True})
        pk = resource.pk
        actions = list(
            ModelLogEntry.objects.filter(object_id=str(pk), content_type__model="resource")
            .order_by("timestamp")
            .values_list("action", flat=True)
        )
        assert actions == ["wagtail.create", "wagtail.edit"]
        resource_delete(resource=resource, acting_user=methodologist_a)
        assert not Resource.objects.filter(pk=pk).exists()
    rows = AuditEntry.objects.filter(schema_name=muni_a.schema_name, target__startswith=f"resource#{pk}:")
    assert sorted(rows.values_list("action", flat=True)) == ["resource.create", "resource.delete", "resource.update"]
    update = rows.get(action="resource.update")
    assert update.actor == methodologist_a and update.data["fields"] == ["is_public"]
