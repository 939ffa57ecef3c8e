"""Materials of the resource bank, made through the service (so their search vectors are real)."""

from __future__ import annotations

from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.people.models import Subject
from tenants.resources.models import Resource, ResourceKind
from tenants.resources.services import resource_create
from tenants.sample_documents import docx_bytes, odt_bytes, pdf_bytes

DOCUMENT_BUILDERS = {"docx": docx_bytes, "pdf": pdf_bytes, "odt": odt_bytes}


def subject_named(name: str) -> Subject:
    return Subject.objects.get_or_create(name=name)[0]


def document_upload(
    kind: str, *paragraphs: str, title: str = "Документ", name: str | None = None
) -> SimpleUploadedFile:
    """A real PDF, DOCX or ODT upload holding ``paragraphs``."""
    content = DOCUMENT_BUILDERS[kind](title, list(paragraphs) or ["Текст документа."])
    return SimpleUploadedFile(name or f"document.{kind}", content)


class ResourceFactory(factory.django.DjangoModelFactory):
    """``ResourceFactory(file=document_upload("pdf", "…"))``; a link is used unless a file is given."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Методические рекомендации № {n}")
    kind = ResourceKind.METHODOLOGICAL
    description = ""
    link = factory.LazyAttribute(lambda o: "" if o.file else "https://example.org/materials/1")
    file = None
    is_public = False

    @classmethod
    def _create(cls, model_class: type[Resource], *args: Any, **kwargs: Any) -> Resource:
        return resource_create(acting_user=kwargs.pop("acting_user", None), **kwargs)
