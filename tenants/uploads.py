"""Checking uploaded documents by their content, not their name.

A file is accepted as PDF, DOCX or ODT only if its bytes say so; the size is limited. Messages
are Russian and say what was wrong.

DOCX, XLSX, ODT and the other office formats are ZIP archives, and a few kilobytes of ZIP can
unpack to gigabytes (a "zip bomb"): python-docx loads every part of a document, openpyxl loads a
workbook's shared strings whole, lxml parses an ODT's content in one piece. So before any library
opens an uploaded archive, ``zip_archive_check`` reads its central directory — no part is
unpacked — and refuses too many parts, a part or a total that would unpack past the limits, and
a part compressed far more than real documents ever are. The sizes it reads bound what those
libraries can get: Python's ``zipfile``, which they all read through, never unpacks a part past
the size its directory entry declares (it stops and fails the CRC check).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024

# What an uploaded ZIP-based document may unpack to. Real documents stay far below: a DOCX's text
# of a few hundred pages is a few MB of XML, and a sheet formatted down to its millionth row some
# tens of MB, compressed 10–30 times; a run of zeros compresses about a thousand times.
MAX_ZIP_MEMBERS = 10_000
MAX_UNPACKED_PART = 64 * 1024 * 1024
MAX_UNPACKED_TOTAL = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small parts (styles, settings) may compress as they like
ODF_MIMETYPE_MAX_SIZE = 100

KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT", "xlsx": "XLSX", "ods": "ODS"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _unpack_refused(message: str, **params: object) -> ValidationError:
    hint = _("Если это обычный документ, сохраните его заново в редакторе и загрузите ещё раз.")
    return ValidationError(f"{message % params} {hint}", code="unpacks_too_large")


def zip_archive_check(file: IO[bytes]) -> None:
    """Refuse an archive that would unpack to too much, from its central directory alone.

    Raises ValidationError with a Russian message; a file that is not a readable ZIP passes (the
    content check that follows says what it is not). The file's position is kept.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return
    finally:
        file.seek(position)
    if len(members) > MAX_ZIP_MEMBERS:
        raise _unpack_refused(
            _("Файл не принят: в нём слишком много частей (%(count)d, допускается не больше %(limit)d)."),
            count=len(members),
            limit=MAX_ZIP_MEMBERS,
        )
    total = 0
    for member in members:
        if member.file_size > MAX_UNPACKED_PART:
            raise _unpack_refused(
                _("Файл не принят: его часть «%(name)s» распаковывается в %(size)s, допускается не больше %(limit)s."),
                name=member.filename[:100],
                size=filesizeformat(member.file_size),
                limit=filesizeformat(MAX_UNPACKED_PART),
            )
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise _unpack_refused(
                _(
                    "Файл не принят: его часть «%(name)s» сжата в %(ratio)d раз — так сжаты только повреждённые "
                    "или специально подготовленные файлы («zip-бомбы»)."
                ),
                name=member.filename[:100],
                ratio=member.file_size // max(member.compress_size, 1),
            )
        total += member.file_size
    if total > MAX_UNPACKED_TOTAL:
        raise _unpack_refused(
            _("Файл не принят: распакованный, он занял бы %(size)s, допускается не больше %(limit)s."),
            size=filesizeformat(total),
            limit=filesizeformat(MAX_UNPACKED_TOTAL),
        )


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
                if "mimetype" in names and archive.getinfo("mimetype").file_size <= ODF_MIMETYPE_MAX_SIZE:
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
    """Return the file's kind, or raise ValidationError with a Russian message.

    A ZIP-based file is checked for what it unpacks to (``zip_archive_check``) before anything
    reads a part of it, the kind sniffing included.
    """
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
    zip_archive_check(file)
    kind = sniff_document_kind(file)
    if kind not in allowed:
        raise ValidationError(
            _("Допускаются только файлы %(kinds)s; содержимое этого файла им не соответствует.")
            % {"kinds": ", ".join(KIND_LABELS[k] for k in allowed)},
            code="bad_type",
        )
    return kind
