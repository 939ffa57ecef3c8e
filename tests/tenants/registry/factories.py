"""Factories for the document register. Build inside a municipality's schema (tenant_context)."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile

from tenants.registry.models import DocumentKind, DocumentVersion, Renewal, VersionStatus
from tenants.sample_documents import pdf_bytes


class DocumentKindFactory(factory.django.DjangoModelFactory):
    """A municipality's own kind of document (seeded kinds come from the migration)."""

    class Meta:
        model = DocumentKind

    name = factory.Sequence(lambda n: f"Положение о проекте № {n}")
    clause = "004 §4.10.5"
    is_required = True
    renewal = Renewal.STANDING
    order = factory.Sequence(lambda n: 5000 + n)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """A stored version, bypassing the services: for reads. Writes go through the services."""

    class Meta:
        model = DocumentVersion

    kind = factory.SubFactory(DocumentKindFactory)
    title = ""
    file = factory.LazyAttribute(lambda o: ContentFile(pdf_bytes(o.kind.name), name="document.pdf"))
    file_format = "pdf"
    file_size = factory.LazyAttribute(lambda o: o.file.size)
    status = VersionStatus.IN_FORCE
    approved_on = factory.Faker("date_between", start_date="-2y", end_date="today")
    is_public = False
