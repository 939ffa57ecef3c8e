"""The text of an uploaded DOCX, PDF or ODT file, for full-text search.

Run synchronously by the service that saves a material, inside its transaction, so that a
material is searchable by the words of its file the moment it is saved (one write path, no
"not indexed yet" state to explain). That is affordable because the cost is bounded: uploads
are at most 20 MB, only the first ``MAX_PDF_PAGES`` pages of a PDF are read, archives whose
text part unpacks to more than ``MAX_UNPACKED_BYTES`` are not parsed at all (a zip bomb is
refused, not expanded), and at most ``MAX_TEXT_CHARS`` characters are kept — PostgreSQL's
tsvector has a 1 MB limit, and a material's first 100,000 characters say what it is about.

A file whose text cannot be read (encrypted, damaged, scanned without a text layer) is still
accepted: it is found by its title and description, and the failure is logged.
"""

from __future__ import annotations

import logging
import re
import zipfile
from typing import IO

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 100_000
MAX_PDF_PAGES = 200
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

# Control characters (NUL cannot be stored in PostgreSQL text at all) and the markers the
# search highlighting uses, which must never come from the text itself.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")


def controls_strip(text: str) -> str:
    """Text with control characters replaced by spaces (for what people type: keeps its lines)."""
    return _CONTROL.sub(" ", text)


def text_clean(text: str) -> str:
    """Text fit for storing and indexing: no control characters, tidy whitespace."""
    text = controls_strip(text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    return text.strip()


def document_text(file: IO[bytes], kind: str) -> str:
    """The text of a file already checked to be of ``kind`` (``pdf``, ``docx``, ``odt``); "" if unreadable."""
    readers = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text}
    reader = readers.get(kind)
    if reader is None:
        return ""
    position = file.tell()
    try:
        file.seek(0)
        text = reader(file)
    except Exception:  # a damaged or hostile file must not stop the upload; it is just not indexed
        logger.warning("Could not extract the text of a %s upload", kind, exc_info=True)
        return ""
    finally:
        file.seek(position)
    return text_clean(text)[:MAX_TEXT_CHARS]


def _part_size_checked(archive: zipfile.ZipFile, name: str) -> None:
    if archive.getinfo(name).file_size > MAX_UNPACKED_BYTES:
        raise ValueError(f"{name} unpacks to more than {MAX_UNPACKED_BYTES} bytes")


def _docx_text(file: IO[bytes]) -> str:
    import docx

    with zipfile.ZipFile(file) as archive:
        _part_size_checked(archive, "word/document.xml")
    file.seek(0)
    document = docx.Document(file)  # python-docx's parser resolves no entities
    chunks: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            chunks.append(" ".join(cell.text for cell in row.cells))
    return _joined(chunks)


def _odt_text(file: IO[bytes]) -> str:
    from lxml import etree

    with zipfile.ZipFile(file) as archive:
        _part_size_checked(archive, "content.xml")
        content = archive.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(content, parser=parser)
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    chunks = ["".join(element.itertext()) for element in root.iter(f"{{{text_ns}}}p", f"{{{text_ns}}}h")]
    return _joined(chunks)


def _pdf_text(file: IO[bytes]) -> str:
    import pypdf

    reader = pypdf.PdfReader(file)
    if reader.is_encrypted:
        return ""
    chunks: list[str] = []
    length = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        chunks.append(text)
        length += len(text)
        if length >= MAX_TEXT_CHARS:
            break
    return _joined(chunks)


def _joined(chunks: list[str]) -> str:
    text = "\n".join(c for c in chunks if c and c.strip())
    return text[: MAX_TEXT_CHARS * 2]
