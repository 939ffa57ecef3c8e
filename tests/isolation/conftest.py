"""Uploads for the isolation tests: images and documents made in one municipality's schema.

Files go to a temporary MEDIA_ROOT. Image contents differ from run to run: rendition cache keys
are made of the image id and the file's hash, and ids given here recur after each rollback.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django_tenants.utils import tenant_context
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tenants.municipalities.models import Municipality


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # Setting STORAGES again drops the storage instances built for the old MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


def png_bytes() -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), tuple(secrets.token_bytes(3))).save(buffer, "PNG")
    return buffer.getvalue()


def next_free_pk(model: type, *municipalities: Municipality) -> int:
    """An id unused in every given schema: the same object id in two municipalities, deliberately."""
    highest = 0
    for municipality in municipalities:
        with tenant_context(municipality):
            highest = max(highest, model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    return highest + 1


@pytest.fixture
def image_in(media_root: Path) -> Callable[..., object]:
    def make(municipality: Municipality, *, title: str, content: bytes | None = None, pk: int | None = None):
        image_model = get_image_model()
        with tenant_context(municipality):
            image = image_model.objects.create(
                pk=pk, title=title, file=ImageFile(BytesIO(content or png_bytes()), name=f"{title}.png")
            )
            image.get_file_hash()
        return image

    return make


@pytest.fixture
def document_in(media_root: Path) -> Callable[..., object]:
    def make(municipality: Municipality, *, title: str, content: bytes, pk: int | None = None):
        document_model = get_document_model()
        with tenant_context(municipality):
            return document_model.objects.create(pk=pk, title=title, file=ContentFile(content, name=f"{title}.txt"))

    return make


@pytest.fixture
def home_page_id() -> Callable[[Municipality], int]:
    def home_id(municipality: Municipality) -> int:
        from wagtail.models import Site

        with tenant_context(municipality):
            return Site.objects.get(is_default_site=True).root_page_id

    return home_id
