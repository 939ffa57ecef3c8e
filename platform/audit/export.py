"""The audit log's entries as an XLSX workbook: the rows the screen's filters select, newest first.

Streamed through openpyxl's write-only mode, so a long export holds one row at a time. Every
text goes through :func:`_text_cell`: what a person typed (a news title, a guest's name in a
target) must never become a live formula in the reader's spreadsheet.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from audit.labels import audit_action_label
from audit.models import AuditEntry
from audit.selectors import audit_entry_details
from tenants.spreadsheet_cells import xlsx_cell_as_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook stays openable; beyond this the reader is asked to narrow the filters.
EXPORT_MAX_ROWS = 100_000


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    # The project's one rule for spreadsheet cells (tenants.spreadsheet_cells): text, never a formula.
    return xlsx_cell_as_text(WriteOnlyCell(sheet, value=value))


def _row(sheet: Any, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        if isinstance(value, str):
            cells.append(_text_cell(sheet, value))
        else:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "DD.MM.YYYY HH:MM:SS"
            cells.append(cell)
    return cells


def audit_entries_xlsx(entries: QuerySet[AuditEntry], *, with_municipality: bool) -> tuple[bytes, int]:
    """The workbook and the number of entries written into it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Журнал действий"))
    headers = [_("Время"), _("Кто"), _("E-mail"), _("Действие"), _("Код действия"), _("Объект")]
    widths = [20, 32, 32, 44, 30, 60]
    if with_municipality:
        headers.append(_("Муниципалитет"))
        widths.append(40)
    headers.append(_("Подробности"))
    widths.append(60)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header_cells = _row(sheet, [str(h) for h in headers])
    for cell in header_cells:
        cell.font = Font(bold=True)
    sheet.append(header_cells)
    written, truncated = 0, False
    for entry in entries[: EXPORT_MAX_ROWS + 1].iterator(chunk_size=2000):
        if written == EXPORT_MAX_ROWS:
            truncated = True
            break
        actor = entry.actor
        values: list[Any] = [
            timezone.localtime(entry.created_at).replace(tzinfo=None),
            (actor.get_full_name() if actor else "") or "",
            actor.email if actor else "",
            audit_action_label(entry.action),
            entry.action,
            entry.target,
        ]
        if with_municipality:
            values.append(entry.municipality.name if entry.municipality else _("Регион"))
        values.append(audit_entry_details(entry))
        sheet.append(_row(sheet, values))
        written += 1
    if truncated:
        note = _("Выгружены первые %(n)d записей; уточните фильтры, чтобы получить остальные.") % {"n": written}
        sheet.append(_row(sheet, [note]))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue(), written
