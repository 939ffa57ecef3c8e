"""The protocol of a round as DOCX and PDF, and winners' and prize-winners' certificates (PDF).

The protocol is the organisers' document (every participant, named: it is not published as
a file); the certificates go to winners and prize-winners. PDFs go through the project's one
PDF pipeline (``tenants.pdf_render``), which fetches nothing but the project's own files.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.municipalities.selectors import current_municipality
from tenants.olympiads.models import AWARDED, Round
from tenants.olympiads.selectors import round_participants
from tenants.pdf_render import pdf_from_html

HEADER = ("№", "Участник", "Класс", "Организация", "Учитель", "Баллы", "Статус", "Проходит дальше")


def _rows(round_: Round) -> list[tuple[Any, ...]]:
    return [
        (
            number,
            p.full_name,
            p.grade,
            p.organisation.short_name,
            p.teacher.full_name if p.teacher else "",
            "—" if p.score is None else f"{p.score:g}",
            p.get_status_display(),
            _("да") if p.advances else _("нет"),
        )
        for number, p in enumerate(round_participants(round_), start=1)
    ]


def _title(round_: Round) -> str:
    return _("Протокол: %(round)s") % {"round": round_}


def protocol_docx(round_: Round) -> bytes:
    from docx import Document
    from docx.shared import Pt

    municipality = current_municipality()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    if municipality is not None:
        document.add_paragraph(municipality.name)
    document.add_heading(_title(round_), level=1)
    facts = [
        f"{_('Дата')}: {round_.held_on:%d.%m.%Y}" if round_.held_on else "",
        f"{_('Место')}: {round_.place}" if round_.place else "",
        f"{_('Максимальный балл')}: {round_.max_score:g}" if round_.max_score is not None else "",
    ]
    for fact in filter(None, facts):
        document.add_paragraph(fact)
    rows = _rows(round_)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = _(text)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    if round_.jury:
        document.add_heading(_("Жюри"), level=2)
        for line in round_.jury.splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def protocol_pdf(round_: Round) -> bytes:
    context = {
        "municipality": current_municipality(),
        "round": round_,
        "title": _title(round_),
        "header": [_(h) for h in HEADER],
        "rows": _rows(round_),
        "jury": [line.strip() for line in round_.jury.splitlines() if line.strip()],
    }
    with translation.override("ru"):
        html = render_to_string("olympiads/protocol.html", context)
    return pdf_from_html(html)


def certificates_pdf(round_: Round) -> bytes | None:
    """One A4 page per winner and prize-winner of the round; None when there is none."""
    awarded = [p for p in round_participants(round_) if p.status in AWARDED]
    if not awarded:
        return None
    context: dict[str, Any] = {
        "municipality": current_municipality(),
        "round": round_,
        "participants": awarded,
        "issued_on": timezone.localdate(),
    }
    with translation.override("ru"):
        html = render_to_string("olympiads/certificates.html", context)
    return pdf_from_html(html)
