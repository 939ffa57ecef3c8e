"""The municipal stage's protocol as DOCX and PDF, and winners' and prize-winners' diplomas (PDF).

The protocol is the organisers' document: every admitted participant with the total of the jury's
marks, the place and the result, and the jury. It exists once the results are published (before
that the marks are sealed). PDFs go through the project's one PDF pipeline (``tenants.pdf_render``).
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.contests.models import AWARDED, Contest, JuryMember
from tenants.contests.selectors import contest_results
from tenants.municipalities.selectors import current_municipality
from tenants.pdf_render import pdf_from_html

HEADER = ("Место", "Педагог", "Организация", "Номинация", "Сумма баллов", "Итог", "Проходит на региональный этап")


def _rows(contest: Contest) -> list[tuple[Any, ...]]:
    return [
        (
            r.rank or "",
            r.application.teacher.full_name,
            r.application.organisation.short_name,
            r.application.nomination.title if r.application.nomination else "",
            "—" if r.total is None else f"{r.total:g}",
            r.get_result_display(),
            _("да") if r.advances else _("нет"),
        )
        for r in contest_results(contest)
    ]


def _jury(contest: Contest) -> list[str]:
    jurors = JuryMember.objects.filter(contest=contest).select_related("teacher", "methodologist__user")
    return [f"{j.name}{' — ' + _('председатель') if j.is_chair else ''}" for j in jurors]


def _title(contest: Contest) -> str:
    return _("Протокол муниципального этапа: %(contest)s") % {"contest": contest}


def protocol_docx(contest: Contest) -> bytes:
    from docx import Document
    from docx.shared import Pt

    municipality = current_municipality()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    if municipality is not None:
        document.add_paragraph(municipality.name)
    document.add_heading(_title(contest), level=1)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = _(text)
    for row in _rows(contest):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    jury = _jury(contest)
    if jury:
        document.add_heading(_("Жюри"), level=2)
        for line in jury:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def protocol_pdf(contest: Contest) -> bytes:
    context = {
        "municipality": current_municipality(),
        "title": _title(contest),
        "header": [_(h) for h in HEADER],
        "rows": _rows(contest),
        "jury": _jury(contest),
    }
    with translation.override("ru"):
        html = render_to_string("contests/protocol.html", context)
    return pdf_from_html(html)


def certificates_pdf(contest: Contest) -> bytes | None:
    """One A4 page per winner and prize-winner of the municipal stage; None when there is none."""
    awarded = [r for r in contest_results(contest) if r.result in AWARDED]
    if not awarded:
        return None
    context: dict[str, Any] = {
        "municipality": current_municipality(),
        "contest": contest,
        "results": awarded,
        "issued_on": timezone.localdate(),
    }
    with translation.override("ru"):
        html = render_to_string("contests/certificates.html", context)
    return pdf_from_html(html)
