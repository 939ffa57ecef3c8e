"""The quality screen as an XLSX workbook: municipalities × procedures, and the flagged organisations.

Numbers and organisations' names only: the curator is said to be named or not, never by name
(names are shown on the logged list, not carried away in a file). Written through
``tenants.spreadsheet_cells``, so no name becomes a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from institute.quality.selectors import YEAR_NAMES, QualityOverview, QualityRow, quality_totals
from rollups.models import QualityOrganisationRollup, SupportStatus
from tenants.quality.models import FlagReason, ProgrammeStatus
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def _share(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def reasons_text(reasons: Iterable[str]) -> str:
    return "; ".join(str(FlagReason(code).label) if code in FlagReason.values else code for code in reasons)


def programme_label(status: str) -> str:
    return str(ProgrammeStatus(status).label) if status in ProgrammeStatus.values else ""


def quality_xlsx(
    overview: QualityOverview, rows: Sequence[QualityRow], organisations: Iterable[QualityOrganisationRollup]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Муниципалитеты")
    headers = [
        _("Муниципалитет"),
        _("ОО с результатами"),
        _("ОО с отметками"),
        _("из них: низкие результаты"),
        _("из них: признаки необъективности"),
        _("Нуждаются в поддержке (решение руководителя)"),
        _("Поддержка не требуется"),
        _("Программ: черновик"),
        _("Программ: выполняется"),
        _("Программ: завершена"),
        _("Программ: отменена"),
        _("ОО с улучшением результатов"),
    ]
    for kind in overview.kinds:
        headers += [
            _("%(kind)s: участников") % {"kind": kind.short_name},
            _("%(kind)s: %(indicator)s") % {"kind": kind.short_name, "indicator": kind.headline_label},
            _("%(kind)s: доля «2»") % {"kind": kind.short_name},
            _("%(kind)s: ОО с отметками") % {"kind": kind.short_name},
        ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)

    def line(row: QualityRow) -> list[object]:
        values: list[object] = [row.name, *(getattr(row, name) for name in YEAR_NAMES)]
        for kind in overview.kinds:
            cell = row.kinds.get(kind.code)
            if cell is None:
                values += [None, None, None, None]
                continue
            values += [
                cell.counts.participants,
                _share(cell.headline(kind.uses_marks)),
                _share(cell.counts.share_2),
                cell.organisations_flagged,
            ]
        return values

    for row in rows:
        sheet.append(line(row))
    sheet.append(line(quality_totals(rows)))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first_kind_column = 2 + len(YEAR_NAMES)
    for index in range(len(overview.kinds)):
        for offset in (1, 2):
            column = first_kind_column + 4 * index + offset
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "0.0%"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 45

    listed = workbook.create_sheet(_("Организации с отметками"))
    listed.append(
        [
            _("Муниципалитет"),
            _("Организация"),
            _("ИНН"),
            _("Отметок «низкие результаты»"),
            _("Отметок «признаки необъективности»"),
            _("Причины"),
            _("Решение руководителя"),
            _("Программа сопровождения"),
            _("Куратор назначен"),
            _("Результаты улучшились"),
        ]
    )
    for cell in listed[1]:
        cell.font = Font(bold=True)
    for organisation in organisations:
        listed.append(
            [
                organisation.municipality.name,
                organisation.organisation_name,
                organisation.organisation_inn,
                organisation.flags_low,
                organisation.flags_nonobjective,
                reasons_text(organisation.reasons),
                str(SupportStatus(organisation.support_status).label),
                programme_label(organisation.programme_status),
                _("да") if organisation.curator_user_id else _("нет"),
                {True: _("да"), False: _("нет"), None: ""}[organisation.improved],
            ]
        )
    listed.freeze_panes = "C2"
    listed.column_dimensions["A"].width = 40
    listed.column_dimensions["B"].width = 45
    return xlsx_workbook_bytes(workbook)
