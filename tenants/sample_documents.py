"""Small real PDF, DOCX and ODT files with Russian text, for the demo seeds and the tests.

The DOCX is written by python-docx, as a word processor would save it (styles, a heading). The
ODT is a zip of a few XML parts. The PDF is written by hand: one of the standard fonts
(Helvetica, never embedded) with a Windows-1251 byte encoding whose glyph names (Adobe's
``afii…`` names) let viewers draw Cyrillic, and a ToUnicode map so that text extraction reads it
back exactly; long paragraphs are wrapped and run on to further pages.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

PDF_LINE_WIDTH = 90
PDF_LINES_PER_PAGE = 50


def docx_bytes(title: str, paragraphs: Sequence[str] = ()) -> bytes:
    """A Word document: the title as a level-1 heading, then the paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(title: str, paragraphs: Sequence[str] = ()) -> bytes:
    """A minimal OpenDocument text: the uncompressed mimetype first, a manifest, the content."""
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:text><text:h text:outline-level="1">{escape(title)}</text:h>{body}'
        "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype entry comes first and uncompressed: that is how ODF files are recognised.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _cyrillic_glyph_names() -> dict[str, str]:
    """Adobe glyph names of the Russian letters: afii10017 is А, with Ё between Е and Ж."""
    upper = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    lower = upper.lower()
    names = {letter: f"afii{10017 + i}" for i, letter in enumerate(upper)}
    names.update({letter: f"afii{10065 + i}" for i, letter in enumerate(lower)})
    names.update({"«": "guillemotleft", "»": "guillemotright", "–": "endash", "—": "emdash", "№": "afii61352"})
    return names


def _pdf_font_maps() -> tuple[str, str]:
    """The font's /Differences array and its ToUnicode CMap for the bytes above 127."""
    differences: list[str] = []
    cmap_entries: list[str] = []
    for char, glyph in sorted(_cyrillic_glyph_names().items(), key=lambda item: item[0].encode("cp1251")):
        code = char.encode("cp1251")[0]
        differences.append(f"{code} /{glyph}")
        cmap_entries.append(f"<{code:02X}> <{ord(char):04X}>")
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Metodika-cp1251 def /CMapType 2 def",
            "1 begincodespacerange <00> <FF> endcodespacerange",
            "1 beginbfrange <20> <7E> <0020> endbfrange",
            f"{len(cmap_entries)} beginbfchar",
            *cmap_entries,
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    )
    return " ".join(differences), cmap


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1251", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(title: str, paragraphs: Sequence[str] = ()) -> bytes:
    """An A4 PDF: the title, then the paragraphs wrapped at PDF_LINE_WIDTH characters."""
    lines: list[str] = [title, ""]
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, PDF_LINE_WIDTH) or [""])
        lines.append("")
    pages = [lines[i : i + PDF_LINES_PER_PAGE] for i in range(0, len(lines), PDF_LINES_PER_PAGE)]
    differences, cmap = _pdf_font_maps()

    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_ref = add(b"")
    cmap_bytes = cmap.encode("ascii")
    to_unicode = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap_bytes), cmap_bytes))
    font = add(
        (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{differences}] >> "
            f"/ToUnicode {to_unicode} 0 R >>"
        ).encode("ascii")
    )
    page_refs = []
    for page_lines in pages:
        content = b"BT /F1 11 Tf 14 TL 56 790 Td\n" + b"".join(_pdf_string(line) + b" '\n" for line in page_lines)
        content += b"ET"
        stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        page_refs.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {stream} 0 R >>"
                ).encode("ascii")
            )
        )
    kids = " ".join(f"{ref} 0 R" for ref in page_refs)
    objects[pages_ref - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_refs)} >>".encode("ascii")
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode("ascii")

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()
