"""The hand-made sample files are what the upload check takes them for, and well-formed."""

import io
import re
import zipfile

from tenants.sample_documents import docx_bytes, odt_bytes, pdf_bytes
from tenants.uploads import sniff_document_kind


def test_the_pdf_has_a_consistent_cross_reference_table():
    content = pdf_bytes("Положение о ММС (ред. 2)", ["Утверждено приказом № 112"])
    assert sniff_document_kind(io.BytesIO(content)) == "pdf"
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF", content).group(1))
    size = int(re.match(rb"xref\n0 (\d+)\n", content[start:]).group(1))
    assert f"trailer\n<< /Size {size} ".encode() in content
    offsets = [int(line[:10]) for line in content[start:].split(b"\n")[3 : 2 + size]]
    assert len(offsets) == size - 1
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(f"{number} 0 obj".encode())
    # Cyrillic is written in Windows-1251 bytes, brackets escaped.
    assert "Положение о ММС \\(ред. 2\\)".encode("cp1251") in content


def test_docx_and_odt_are_recognised_and_carry_the_text():
    docx = docx_bytes("Положение о ГМО", ["Текст & <разметка>"])
    odt = odt_bytes("Положение о совете", ["Абзац"])
    assert sniff_document_kind(io.BytesIO(docx)) == "docx"
    assert sniff_document_kind(io.BytesIO(odt)) == "odt"
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert "Текст &amp; &lt;разметка&gt;" in archive.read("word/document.xml").decode()
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert "Абзац" in archive.read("content.xml").decode()
