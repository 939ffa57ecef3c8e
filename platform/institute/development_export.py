"""Teachers' development across the region as an XLSX workbook: the screen's rows and totals."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from institute.development import Development, DevelopmentRow, development_totals
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def development_xlsx(development: Development, rows: Sequence[DevelopmentRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = development.academic_year.replace("/", "-")
    headers = [
        _("Муниципалитет"),
        _("Педагогов"),
        _("Прошли диагностику"),
        _("Доля прошедших диагностику"),
        _("Открытых дефицитов"),
        _("Маршрутов всего"),
        _("Маршрутов завершено"),
        _("Шагов маршрутов выполнено"),
        _("Шагов маршрутов всего"),
        _("Молодых педагогов"),
        _("Из них с наставником"),
        _("Без наставника"),
        _("Активных пар наставничества"),
        _("Консультаций"),
        _("Дано ответов"),
        _("Ответов в срок"),
        _("Доля ответов в срок"),
        _("Просрочено"),
        _("Объединений"),
        _("Действующих объединений"),
    ]
    headers += [_("%(area)s: педагогов с дефицитом") % {"area": area.name} for area in development.areas]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    def line(row: DevelopmentRow) -> list[object]:
        values: list[object] = [
            row.name,
            row.teachers_total,
            row.teachers_diagnosed,
            _share(row.diagnosed_share),
            row.deficits_open,
            row.routes_total,
            row.routes_completed,
            row.route_steps_done,
            row.route_steps_total,
            row.young_teachers,
            row.young_teachers_with_mentor,
            row.young_without_mentor,
            row.mentorships_active,
            row.consultations_total,
            row.consultations_answered,
            row.consultations_answered_in_time,
            _share(row.in_time_share),
            row.consultations_overdue,
            row.associations_total,
            row.associations_active,
        ]
        for area in development.areas:
            cell = row.areas.get(area.code)
            values.append(cell.teachers_with_deficit if cell else 0)
        return values

    for row in rows:
        sheet.append(line(row))
    sheet.append(line(development_totals(rows)))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in ("D", "Q"):
        for cell in sheet[column][1:]:
            cell.number_format = "0%"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 45
    return xlsx_workbook_bytes(workbook)
