"""The registration list of an event as an XLSX workbook, for the organisers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.events.models import Event
from tenants.events.selectors import event_registrations
from tenants.spreadsheet_cells import xlsx_workbook_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def registrations_xlsx(*, event: Event) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Участники")[:31]
    sheet.append([event.title])
    sheet.append([timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M")])
    sheet.append([])
    header = ["№", _("ФИО"), _("Организация"), _("E-mail"), _("Статус"), _("Зарегистрирован"), _("Присутствовал")]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for number, registration in enumerate(event_registrations(event=event), start=1):
        sheet.append(
            [
                number,
                registration.full_name,
                registration.organisation_name,
                registration.email,
                registration.get_status_display(),
                timezone.localtime(registration.created_at).replace(tzinfo=None),
                _("да") if registration.attended else _("нет"),
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "DD.MM.YYYY HH:MM"
    for letter, width in zip("ABCDEFG", (5, 36, 40, 30, 24, 18, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    return xlsx_workbook_bytes(workbook)  # a guest's name is text, never a formula
