"""Text extraction from uploads: DOCX (with tables), PDF, ODT; damaged and hostile files give no text."""

from __future__ import annotations

import io
import zipfile

import docx

from tenants.resources import extraction
from tenants.resources.extraction import document_text, text_clean
from tenants.sample_documents import docx_bytes, odt_bytes, pdf_bytes


def test_docx_paragraphs_and_tables():
    document = docx.Document()
    document.add_paragraph("План работы методического объединения")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Сентябрь"
    table.rows[0].cells[1].text = "Входная диагностика"
    buffer = io.BytesIO()
    document.save(buffer)
    text = document_text(io.BytesIO(buffer.getvalue()), "docx")
    assert "План работы методического объединения" in text and "Сентябрь Входная диагностика" in text


def test_pdf_and_odt_keep_russian_letters():
    pdf = document_text(io.BytesIO(pdf_bytes("Заголовок", ["Ёмкость «кавычки» — тире, № 5 (скобки)."])), "pdf")
    odt = document_text(io.BytesIO(odt_bytes("Заголовок", ["Съешь же ещё этих мягких французских булок."])), "odt")
    assert "Ёмкость «кавычки» — тире, № 5 (скобки)." in pdf
    assert "Съешь же ещё этих мягких французских булок." in odt


def test_a_long_pdf_keeps_every_page():
    paragraphs = [f"Абзац номер {n} про педагогику." for n in range(200)]
    text = document_text(io.BytesIO(pdf_bytes("Длинный", paragraphs)), "pdf")
    assert "Абзац номер 0 " in text and "Абзац номер 199 " in text


def test_damaged_files_give_no_text_but_no_error():
    assert document_text(io.BytesIO(b"%PDF-1.4 garbage"), "pdf") == ""
    assert document_text(io.BytesIO(b"PK\x03\x04 broken zip"), "docx") == ""
    assert document_text(io.BytesIO(b"anything"), "exe") == ""


def test_a_zip_bomb_is_not_unpacked(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNPACKED_BYTES", 1000)
    big = odt_bytes("Бомба", ["слово " * 1000])
    assert document_text(io.BytesIO(big), "odt") == ""
    assert zipfile.ZipFile(io.BytesIO(big)).getinfo("content.xml").file_size > 1000


def test_text_is_capped_and_cleaned(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 50)
    text = document_text(io.BytesIO(docx_bytes("Т", ["а" * 500])), "docx")
    assert len(text) == 50
    assert text_clean("a\x00b\x02c\x03\n\n\n  d\t e") == "a b c\nd e"
