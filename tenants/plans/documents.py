"""The plan and its reports as files: XLSX and DOCX of the plan, DOCX and PDF of the analysis.

The DOCX of the plan is the usual table of a municipal plan: № / content / dates / responsible /
expected result, grouped by direction (000 §2.3). The analysis (000 §3.6, 001 §3.4) has the
counts by direction and status, the share done, participants, moved and cancelled items with
their reasons and the report's own conclusion; its PDF is rendered by WeasyPrint from HTML.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tenants.plans.models import AnnualPlan, ItemStatus, PlanItem, PlanReport
from tenants.plans.report_registry import PLAN_SECTION_KEY, report_section_texts, report_sections
from tenants.plans.selectors import PlanSummary

PLAN_COLUMNS = ("№", "Содержание (тема), форма", "Сроки", "Ответственные", "Ожидаемый результат")


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def _form_and_topic(item: PlanItem) -> str:
    text = f"{item.topic} ({item.get_form_display()})"
    if item.audience:
        text += f". {_('Участники')}: {item.audience}"
    return text


def plan_docx(*, plan: AnnualPlan, items: Sequence[PlanItem], municipality_name: str = "") -> bytes:
    """The plan as a Word document: one table, a heading row for each direction."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    if municipality_name:
        document.add_paragraph(municipality_name)
    document.add_heading(str(plan), level=1)
    if plan.approved_at:
        document.add_paragraph(_("Утверждён %(date)s.") % {"date": f"{plan.approved_at:%d.%m.%Y}"})
    table = document.add_table(rows=1, cols=len(PLAN_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, PLAN_COLUMNS, strict=True):
        cell.text = title
    ordered = sorted(items, key=lambda i: (i.direction.order, i.direction.name, i.number, i.pk))
    for direction, group in groupby(ordered, key=lambda i: i.direction):
        heading = table.add_row().cells
        merged = heading[0].merge(heading[-1])
        merged.text = direction.name
        for run in merged.paragraphs[0].runs:
            run.bold = True
        for item in group:
            cells = table.add_row().cells
            cells[0].text = str(item.number)
            cells[1].text = _form_and_topic(item)
            cells[2].text = item.when_label
            cells[3].text = item.responsible_label
            cells[4].text = item.expected_result
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_xlsx(*, plan: AnnualPlan, items: Sequence[PlanItem]) -> bytes:
    """The plan as a spreadsheet in the import's columns, so it can be edited and imported back."""
    from tenants.imports.spreadsheets import export_xlsx
    from tenants.plans.imports import PlanItemImportSpec

    spec = PlanItemImportSpec(plan=plan)
    return export_xlsx(spec, PlanItem.objects.filter(pk__in=[i.pk for i in items]).order_by("number", "pk"))


def _summary_context(report: PlanReport, summary: PlanSummary) -> dict[str, object]:
    return {
        "report": report,
        "plan": report.plan,
        "summary": summary,
        "statuses": list(ItemStatus),
        "done_share": _percent(summary.done_share),
        "rows": [(d, [d.by_status.get(s, 0) for s in ItemStatus], _percent(d.done_share)) for d in summary.directions],
        "totals": [summary.count(s) for s in ItemStatus],
        "sections": report_sections(report),
        "plan_text": report_section_texts(report).get(PLAN_SECTION_KEY, ""),
    }


def report_docx(*, report: PlanReport, summary: PlanSummary) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(f"{report.get_kind_display().capitalize()}", level=1)
    document.add_paragraph(
        _("%(plan)s; период: %(start)s – %(end)s.")
        % {"plan": report.plan, "start": f"{report.period_start:%d.%m.%Y}", "end": f"{report.period_end:%d.%m.%Y}"}
    )
    document.add_paragraph(
        _("Мероприятий: %(total)d, выполнено: %(done)d (%(share)s), участников: %(participants)d, коррекций: %(corr)d.")
        % {
            "total": summary.count(),
            "done": summary.count(ItemStatus.DONE),
            "share": _percent(summary.done_share),
            "participants": summary.participants,
            "corr": summary.corrections,
        }
    )
    statuses = list(ItemStatus)
    table = document.add_table(rows=1, cols=len(statuses) + 4)
    table.style = "Table Grid"
    header = [_("Направление"), *(str(s.label) for s in statuses), _("Всего"), _("Доля выполненных"), _("Участников")]
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
    for direction in summary.directions:
        values = [
            direction.name,
            *(str(direction.by_status.get(s, 0)) for s in statuses),
            str(direction.total),
            _percent(direction.done_share),
            str(direction.participants),
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for title, rows in (
        (_("Перенесённые мероприятия"), summary.moved),
        (_("Отменённые мероприятия"), summary.cancelled),
    ):
        document.add_heading(title, level=2)
        if not rows:
            document.add_paragraph(_("Нет."))
        for row in rows:
            document.add_paragraph(f"{row.item.number}. {row.item.topic} — {row.reason or '—'}", style="List Bullet")
    for paragraph in report_section_texts(report).get(PLAN_SECTION_KEY, "").splitlines():
        document.add_paragraph(paragraph)
    for section in report_sections(report):
        document.add_heading(section.title, level=2)
        if section.note:
            document.add_paragraph(section.note)
        if not section.rows:
            document.add_paragraph(_("Нет."))
        else:
            table = document.add_table(rows=1, cols=len(section.header))
            table.style = "Table Grid"
            for cell, title in zip(table.rows[0].cells, section.header, strict=True):
                cell.text = str(title)
            for section_row in section.rows:
                for cell, value in zip(table.add_row().cells, section_row, strict=True):
                    cell.text = str(value)
        for paragraph in section.text.splitlines():
            document.add_paragraph(paragraph)
    document.add_heading(_("Выводы"), level=2)
    for paragraph in (report.conclusion or _("Выводы не внесены.")).splitlines():
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_pdf(*, report: PlanReport, summary: PlanSummary) -> bytes:
    from tenants.pdf_render import pdf_from_html

    return pdf_from_html(report_html(report=report, summary=summary))


def report_html(*, report: PlanReport, summary: PlanSummary) -> str:
    """The report's HTML, as WeasyPrint gets it."""
    return render_to_string("plans/report.html", _summary_context(report, summary))
