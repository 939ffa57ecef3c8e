"""Fixtures for the bodies' tests: uploads in a temporary MEDIA_ROOT, sample documents, people."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role, User
from tenants.academic_years import AcademicYear
from tenants.municipalities.models import Municipality

YEAR = AcademicYear(2025)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    # Setting STORAGES again drops the storage instances built for the old MEDIA_ROOT.
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


def pdf_bytes(text: str = "Протокол") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def docx_bytes() -> bytes:
    """The smallest archive that reads as DOCX; the same bytes on every call (fixed entry dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 9, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def head_a(make_user: Callable[..., User], muni_a: Municipality) -> User:
    return make_user(Role.HEAD, muni_a)


@pytest.fixture
def methodologist_b(make_user: Callable[..., User], muni_b: Municipality) -> User:
    return make_user(Role.METHODOLOGIST, muni_b)
