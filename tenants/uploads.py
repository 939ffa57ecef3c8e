"""Checking uploaded documents by their content, not their name.

A file is accepted as PDF, DOCX or ODT only if its bytes say so; the size is limited. Messages
are Russian and say what was wrong.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024

KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT", "xlsx": "XLSX", "ods": "ODS"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff_document_kind(file: IO[bytes]) -> str | None:
    """``pdf``, ``docx``, ``odt``, ``xlsx``, ``ods`` by content, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(b"%PDF-"):
            return "pdf"
        if not head.startswith(b"PK\x03\x04"):
            return None
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").strip()
                    for kind, expected in ODF_MIMETYPES.items():
                        if mimetype == expected:
                            return kind
                for kind, part in OOXML_PARTS.items():
                    if part in names and "[Content_Types].xml" in names:
                        return kind
        except zipfile.BadZipFile:
            return None
        return None
    finally:
        file.seek(position)


def validate_document_upload(
    file: IO[bytes], *, allowed: Iterable[str] = ("pdf", "docx", "odt"), max_size: int = MAX_DOCUMENT_SIZE
) -> str:
    """Return the file's kind, or raise ValidationError with a Russian message."""
    allowed = tuple(allowed)
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise ValidationError(_("Файл пустой."), code="empty")
    if size > max_size:
        raise ValidationError(
            _("Файл слишком большой: %(size)s, допускается не больше %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_size)},
            code="too_large",
        )
    kind = sniff_document_kind(file)
    if kind not in allowed:
        raise ValidationError(
            _("Допускаются только файлы %(kinds)s; содержимое этого файла им не соответствует.")
            % {"kinds": ", ".join(KIND_LABELS[k] for k in allowed)},
            code="bad_type",
        )
    return kind
