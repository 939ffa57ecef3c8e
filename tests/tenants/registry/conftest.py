"""Fixtures of the register tests: a temporary MEDIA_ROOT, seeded kinds, files, a public page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from tenants.municipalities.models import Municipality
from tenants.registry.models import DocumentKind, DocumentRegisterPage
from tenants.sample_documents import docx_bytes, odt_bytes, pdf_bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # Setting STORAGES again drops the storage instances built for the old MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


@pytest.fixture
def pdf_file() -> Callable[..., ContentFile]:
    def make(title: str = "Документ", name: str = "document.pdf") -> ContentFile:
        return ContentFile(pdf_bytes(title, ["Утверждено приказом № 1"]), name=name)

    return make


@pytest.fixture
def docx_file() -> Callable[..., ContentFile]:
    def make(title: str = "Документ", name: str = "document.docx") -> ContentFile:
        return ContentFile(docx_bytes(title, ["Текст"]), name=name)

    return make


@pytest.fixture
def odt_file() -> Callable[..., ContentFile]:
    def make(title: str = "Документ", name: str = "document.odt") -> ContentFile:
        return ContentFile(odt_bytes(title, ["Текст"]), name=name)

    return make


@pytest.fixture
def seeded_kind() -> Callable[[str], DocumentKind]:
    """A kind of the nomenclature by its code, in the schema in use."""

    def get(code: str) -> DocumentKind:
        return DocumentKind.objects.get(code=code)

    return get


@pytest.fixture
def register_page() -> Callable[[Municipality], DocumentRegisterPage]:
    """A published register page under the starter site's /dokumenty/ section."""

    def make(municipality: Municipality, slug: str = "reestr") -> DocumentRegisterPage:
        from wagtail.models import Page

        with tenant_context(municipality):
            section = Page.objects.get(slug="dokumenty")
            page = section.add_child(
                instance=DocumentRegisterPage(title="Реестр документов", slug=slug, intro="Документы службы.")
            )
            page.save_revision().publish()
            return page

    return make
