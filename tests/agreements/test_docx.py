"""The agreement's text generated from the DOCX template with the parties filled in."""

from __future__ import annotations

import io

from docx import Document

from agreements.documents import agreement_docx
from agreements.services import agreement_create


def test_the_parties_term_and_obligations_are_filled_in(muni_a, institute_user, agreement_fields):
    agreement = agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields)
    document = Document(io.BytesIO(agreement_docx(agreement)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "№ ТС-2025/01" in text and "01.09.2025" in text and "31.08.2028" in text
    assert muni_a.name in text
    assert agreement_fields["obligations"] in text and agreement_fields["subject"] in text
    assert agreement_fields["committee_responsible"] in cells and agreement_fields["institute_responsible"] in cells
    assert "{{" not in text + cells
