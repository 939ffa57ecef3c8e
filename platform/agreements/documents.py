"""The agreement's text as DOCX, from the template ``docx/agreement_template.docx``.

The template is an ordinary Word document (edit it in any word processor) with placeholders
like ``{{number}}``; a placeholder may be split across runs by the editor, so each paragraph's
text is replaced whole, keeping the first run's formatting.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.text.paragraph import Paragraph

from agreements.models import Agreement

TEMPLATE_PATH = Path(__file__).resolve().parent / "docx" / "agreement_template.docx"
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def agreement_docx_values(agreement: Agreement) -> dict[str, str]:
    return {
        "number": agreement.number,
        "concluded_on": agreement.concluded_on.strftime("%d.%m.%Y"),
        "municipality_authority": _(
            "Орган местного самоуправления, осуществляющий управление в сфере образования (%(name)s)"
        )
        % {"name": agreement.municipality.name},
        "municipality_responsible": agreement.municipality_responsible,
        "committee_responsible": agreement.committee_responsible,
        "institute_responsible": agreement.institute_responsible,
        "subject": agreement.subject,
        "obligations": agreement.obligations,
        "term_from": agreement.term_from.strftime("%d.%m.%Y"),
        "term_to": agreement.term_to.strftime("%d.%m.%Y"),
    }


def _paragraphs(document: object) -> Iterator[Paragraph]:
    yield from document.paragraphs  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def agreement_docx(agreement: Agreement) -> bytes:
    """The agreement with its parties, term and obligations filled in (004 §4.4)."""
    values = agreement_docx_values(agreement)
    document = Document(str(TEMPLATE_PATH))
    for paragraph in _paragraphs(document):
        text = paragraph.text
        if "{{" not in text:
            continue
        filled = PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        runs = paragraph.runs
        runs[0].text = filled
        for run in runs[1:]:
            run.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agreement_docx_filename(agreement: Agreement) -> str:
    safe_number = re.sub(r"[^\w.-]+", "-", agreement.number).strip("-") or "agreement"
    return f"agreement-{agreement.municipality.slug}-{safe_number}.docx"
