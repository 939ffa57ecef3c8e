"""The region dashboard as an XLSX workbook: the same rows and totals as the screen shows."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from institute.dashboard import Dashboard, DashboardRow, dashboard_totals
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def dashboard_xlsx(dashboard: Dashboard, rows: Sequence[DashboardRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = dashboard.academic_year.replace("/", "-")
    headers = [
        _("Муниципалитет"),
        _("Статус плана"),
        _("Мероприятий всего"),
        _("Запланировано"),
        _("Выполнено"),
        _("Перенесено"),
        _("Отменено"),
        _("Доля выполненных"),
        _("Проведено мероприятий"),
        _("Участников"),
        _("Педагогов"),
        _("Охват ПК"),
        _("Просрочено ПК"),
        _("Доля обязательных документов в силе"),
        _("Соглашение"),
        _("Последняя активность"),
    ]
    headers += [_("%(direction)s: выполнено / в плане") % {"direction": d.name} for d in dashboard.directions]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    def line(row: DashboardRow, *, status: str, agreement: str) -> list[object]:
        values: list[object] = [
            row.name,
            status,
            row.items_total,
            row.items_planned,
            row.items_done,
            row.items_moved,
            row.items_cancelled,
            _share(row.share_done),
            row.events_held,
            row.events_participants,
            row.teachers_total,
            _share(row.pd_coverage),
            row.pd_overdue,
            _share(row.documents_share),
            agreement,
            timezone.localtime(row.last_activity_at).replace(tzinfo=None) if row.last_activity_at else None,
        ]
        for direction in dashboard.directions:
            cell = row.directions.get(direction.code)
            values.append(f"{cell.done} / {cell.in_effect}" if cell else "")
        return values

    for row in rows:
        sheet.append(line(row, status=row.plan_status_label, agreement=row.agreement_label))
    sheet.append(line(dashboard_totals(rows), status="", agreement=""))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("H", "L", "N"):
        for cell in sheet[column][1:]:
            cell.number_format = "0%"
    for cell in sheet["P"][1:]:
        cell.number_format = "DD.MM.YYYY HH:MM"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 45
    return xlsx_workbook_bytes(workbook)
