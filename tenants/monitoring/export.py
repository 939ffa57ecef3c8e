"""The dashboard's indicators as an XLSX workbook (numbers only, no personal data)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tenants.leadership.effectiveness import score_tables
from tenants.monitoring.selectors import Dashboard
from tenants.spreadsheet_cells import xlsx_workbook_bytes


def dashboard_xlsx(dashboard: Dashboard, *, municipality_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Показатели")
    sheet.append([_("Мониторинг методической службы: %(name)s") % {"name": municipality_name}])
    sheet.append(
        [
            _("Учебный год %(year)s, на %(day)s")
            % {"year": dashboard.year.label, "day": dashboard.on.strftime("%d.%m.%Y")}
        ]
    )
    sheet.append([])
    sheet.append([_("Раздел"), _("Показатель"), _("Значение"), _("Из"), _("Доля, %")])
    for indicator in dashboard.indicators():
        share = round(100 * indicator.value / indicator.of, 1) if indicator.of else None
        sheet.append([indicator.section, indicator.label, indicator.value, indicator.of, share])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 52

    areas = workbook.create_sheet(_("Дефициты"))
    areas.append(
        [_("Область компетенций"), _("Педагогов с открытым дефицитом"), _("Открытых дефицитов"), _("Закрытых")]
    )
    for row in dashboard.deficits:
        areas.append([row.area.name, row.teachers_with_deficit, row.deficits_open, row.deficits_closed])
    areas.column_dimensions["A"].width = 60

    bodies = workbook.create_sheet(_("Объединения"))
    bodies.append([_("Объединение"), _("Вид"), _("Заседаний в учебном году")])
    for item in dashboard.associations:
        bodies.append([item.body.name, item.body.get_kind_display(), item.meetings])
    bodies.column_dimensions["A"].width = 60
    bodies.column_dimensions["B"].width = 40

    quality = workbook.create_sheet(_("Качество образования"))
    quality.append([_("Учебный год %(year)s") % {"year": dashboard.quality.year.label}])
    quality.append([_("Процедура"), _("Предмет"), _("Участников"), _("«2»"), _("«3»"), _("«4»"), _("«5»"),
                    _("Доля «2», %"), _("Качество, %"), _("Успеваемость, %"), _("Среднее"),
                    _("Ниже минимума, %")])  # fmt: skip
    for kind_results in dashboard.quality.kinds:
        for subject_results in kind_results.subjects:
            counts, values = subject_results.counts, subject_results.values
            quality.append(
                [
                    kind_results.kind.short_name,
                    subject_results.subject.name,
                    counts.participants,
                    *(
                        (counts.marks_2, counts.marks_3, counts.marks_4, counts.marks_5)
                        if counts.marks_participants
                        else (None, None, None, None)
                    ),
                    values.share_2,
                    values.quality,
                    values.success,
                    values.mean,
                    values.below_minimum_share,
                ]
            )
    quality.append([])
    quality.append([_("Раздел"), _("Показатель"), _("Значение")])
    for line in dashboard.quality.lines():
        quality.append([line.section, line.label, line.value])
    quality.column_dimensions["A"].width = 18
    quality.column_dimensions["B"].width = 46

    # Effectiveness (issue 15 §1; 000 §2.3.1): names of associations and schools, no person.
    for table in score_tables(dashboard.year):
        short = _("Эффективность — объединения") if table.subject == "association" else _("Эффективность — школы")
        sheet = workbook.create_sheet(short)  # a sheet's title: at most 31 characters
        sheet.append([table.title, _("Самооценка, %"), _("Оценка методиста, %"), *[c.name for c in table.criteria]])
        for score_row in table.rows:
            sheet.append(
                [
                    score_row.name,
                    score_row.self_score.percent if score_row.self_score else None,
                    score_row.methodologist_score.percent if score_row.methodologist_score else None,
                    *score_row.cells,
                ]
            )
        sheet.column_dimensions["A"].width = 50

    return xlsx_workbook_bytes(workbook)
