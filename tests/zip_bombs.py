"""Zip bombs for the upload tests: real DOCX, XLSX and ODT files with one part that unpacks to
hundreds of megabytes of zeros.

The big part is written through ``ZipFile.open(..., "w")`` from one reused megabyte of zeros, so
building a bomb holds only its compressed bytes (a few hundred kilobytes) in memory; each bomb
is built once per test session.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile

from tenants.sample_documents import docx_bytes, odt_bytes

MB = 1024 * 1024
_ZEROS = bytes(MB)
# A megabyte that deflates about 80 times: 12 KB of noise, then zeros (deflate looks back only
# 32 KB, so the noise of one megabyte is never matched against the next one's).
_MOSTLY_ZEROS = random.Random(13).randbytes(12 * 1024) + bytes(MB - 12 * 1024)  # noqa: S311 - noise, not secrets


def _with_big_part(source: bytes, part: str, size: int, *, extra_parts: int = 0, chunk: bytes = _ZEROS) -> bytes:
    """``source`` with ``part`` replaced by ``size`` bytes of ``chunk`` repeated (plus
    ``extra_parts`` more parts of that size), every other part kept in its order and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as bomb:
        for info in original.infolist():
            if info.filename != part:
                bomb.writestr(info, original.read(info.filename))
        names = [part, *(f"{part}.{n}" for n in range(extra_parts))]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with bomb.open(info, "w", force_zip64=True) as stream:
                whole, rest = divmod(size, MB)
                for _ in range(whole):
                    stream.write(chunk)
                stream.write(chunk[:rest])
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ФИО", "Организация"])
    sheet.append(["Иванова Мария Петровна", "МБОУ «СОШ № 1»"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def docx_bomb() -> bytes:
    """A DOCX whose text part unpacks to 300 MB."""
    return _with_big_part(docx_bytes("Положение", ["Текст"]), "word/document.xml", 300 * MB)


@functools.cache
def odt_bomb() -> bytes:
    """An ODT whose content unpacks to 300 MB."""
    return _with_big_part(odt_bytes("Положение", ["Текст"]), "content.xml", 300 * MB)


@functools.cache
def xlsx_bomb() -> bytes:
    """An XLSX whose styles (a part openpyxl reads whole, as it does shared strings) unpack to 300 MB."""
    return _with_big_part(_xlsx(), "xl/styles.xml", 300 * MB)


@functools.cache
def docx_many_parts_bomb() -> bytes:
    """A DOCX of parts each under the per-part limit and compressed like real content (about 80
    times), together past the total: 5 × 60 MB in about 4 MB."""
    return _with_big_part(
        docx_bytes("Положение", ["Текст"]), "word/media/filler.bin", 60 * MB, extra_parts=4, chunk=_MOSTLY_ZEROS
    )


@functools.cache
def docx_ratio_bomb() -> bytes:
    """A DOCX with a part of 10 MB of zeros: small enough, but compressed a thousand times."""
    return _with_big_part(docx_bytes("Положение", ["Текст"]), "word/media/filler.bin", 10 * MB)


@functools.cache
def docx_crowded() -> bytes:
    """A DOCX of ten thousand and one tiny parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes("Положение"))) as original, zipfile.ZipFile(out, "w") as crowded:
        for info in original.infolist():
            crowded.writestr(info, original.read(info.filename))
        for n in range(10_001):
            crowded.writestr(f"customXml/filler{n}.xml", b"")
    return out.getvalue()
