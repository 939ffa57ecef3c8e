"""The support card of an organisation as files: XLSX (a sheet per section) and DOCX (as the plans' DOCX).

Text that visitors or staff typed (names, purposes, recommendations, topics) is written into
spreadsheet cells as text, never as a formula (``tenants.spreadsheet_cells``, the project's one rule).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from tenants.quality.selectors.card import SupportCard
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def _sections(card: SupportCard) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    """(title, header, rows) of every section, shared by the XLSX and the DOCX."""
    results = [
        (
            year.label,
            s.kind.short_name,
            s.subject.name,
            s.values.participants,
            s.values.share_2,
            s.values.quality,
            s.values.success,
            s.values.mean,
        )
        for year, summaries in card.results
        for s in summaries
    ]
    return [
        (
            _("Результаты"),
            (
                _("Учебный год"),
                _("Процедура"),
                _("Предмет"),
                _("Участников"),
                _("Доля «2», %"),
                _("Качество, %"),
                _("Успеваемость, %"),
                _("Среднее"),
            ),
            results,
        ),
        (
            _("Отметки о результатах"),
            (_("Учебный год"), _("Вид"), _("Причина")),
            [(str(f.academic_year), f.get_kind_display(), f.description()) for f in card.flags],
        ),
        (
            _("Решения о поддержке"),
            (_("Учебный год"), _("Решение"), _("Обоснование")),
            [(str(d.academic_year), d.get_status_display(), d.reason) for d in card.decisions],
        ),
        (
            _("Программы поддержки"),
            (_("Учебный год"), _("Статус"), _("Куратор"), _("Сроки"), _("Мероприятий (выполнено)"), _("Эффект")),
            [
                (
                    p.year.label,
                    p.get_status_display(),
                    str(p.curator or ""),
                    f"{p.starts_on:%d.%m.%Y} — {p.ends_on:%d.%m.%Y}",
                    f"{len(p.measures.all())} ({sum(1 for m in p.measures.all() if m.status == 'done')})",
                    {True: _("улучшение"), False: _("нет улучшения"), None: "—"}[p.effect_improved],
                )
                for p in card.programmes
            ],
        ),
        (
            _("Посещения"),
            (_("Дата"), _("Цель"), _("Кто посещал"), _("Уроков"), _("Статус")),
            [
                (f"{v.visited_on:%d.%m.%Y}", v.purpose, str(v.observer), v.observations_count, v.get_status_display())  # type: ignore[attr-defined]
                for v in card.visits
            ],
        ),
        (
            _("Консультации"),
            (_("Поступила"), _("Тема"), _("Статус")),
            [(f"{c.submitted_at:%d.%m.%Y}", c.topic, c.get_status_display()) for c in card.consultations],
        ),
        (
            _("Мероприятия"),
            (_("Дата"), _("Мероприятие"), _("Присутствовали педагоги")),
            [(f"{e.event.starts_at:%d.%m.%Y}", e.event.title, e.teachers) for e in card.events],
        ),
        (
            _("Повышение квалификации"),
            (_("Педагогов"), _("В срок"), _("Скоро срок"), _("Просрочено")),
            [(card.pd.total, card.pd.up_to_date, card.pd.due_soon, card.pd.overdue)],
        ),
        (
            _("Профессиональные дефициты"),
            (_("Область компетенций"), _("Педагогов"), _("Открытых дефицитов")),
            [(d.area, d.teachers, d.deficits) for d in card.deficits],
        ),
    ]


def card_xlsx(card: SupportCard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for title, header, rows in _sections(card):
        sheet = workbook.create_sheet("".join(c for c in title if c not in "[]:*?/\\")[:31])
        sheet.append([str(card.organisation)])
        sheet.append([str(h) for h in header])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(["" if value is None else value for value in row])
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["C"].width = 60
    return xlsx_workbook_bytes(workbook)


def card_docx(card: SupportCard, *, municipality_name: str = "") -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    if municipality_name:
        document.add_paragraph(municipality_name)
    document.add_heading(_("Карточка сопровождения: %(name)s") % {"name": card.organisation.full_name}, level=1)
    for title, header, rows in _sections(card):
        document.add_heading(str(title), level=2)
        rows = list(rows)
        if not rows:
            document.add_paragraph(_("Нет сведений."))
            continue
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(text)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "—" if value is None else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
