"""«Показатели»: each organisation's indicators beside the municipality's, the region's and last year's.

Numbers by organisation only — the screen never shows a teacher (ВПР results are not used to
assess teachers) — with each organisation's flags in words, and an XLSX export of the table.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from assessment.models import AssessmentSubject, ProcedureKind
from assessment.vocabulary import GRADES
from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.admin_screens import PermissionScreen, ScreenViewSet
from tenants.quality.selectors.indicators import IndicatorRow, IndicatorTable, indicator_table
from tenants.quality.wagtail_viewsets.common import XLSX, attachment
from tenants.spreadsheet_cells import xlsx_workbook_bytes

VIEW_PERMISSION = "quality.view_assessmentresult"
CARD_PERMISSION = "quality.view_supportprogramme"


class IndicatorFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, required=False)
    kind = forms.ModelChoiceField(
        label=_("Процедура"), queryset=ProcedureKind.objects.all(), to_field_name="code", required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Предмет"),
        queryset=AssessmentSubject.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Все предметы"),
    )
    grade = forms.TypedChoiceField(
        label=_("Класс"), coerce=int, required=False, choices=[("", _("Все классы")), *[(g, str(g)) for g in GRADES]]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = sorted(academic_year_choices(before=4, after=1), reverse=True)  # type: ignore[attr-defined]

    def table(self) -> IndicatorTable | None:
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("kind") or ProcedureKind.objects.order_by("position").first()
        if kind is None:
            return None
        year = data.get("year") or AcademicYear.current().start
        return indicator_table(
            academic_year=year, kind=kind, subject=data.get("subject"), grade=data.get("grade") or None
        )


def _row_values(row: IndicatorRow, *, uses_marks: bool) -> list[Any]:
    values, last = row.values, row.last_year
    first = values.share_2 if uses_marks else values.below_minimum_share
    return [
        values.participants,
        first,
        values.quality if uses_marks else None,
        values.success,
        values.mean,
        (last.quality if uses_marks else last.success) if last is not None else None,
    ]


def indicators_xlsx(table: IndicatorTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(table.kind.short_name)[:31]
    scope = ", ".join(
        part
        for part in (
            table.kind.name,
            table.year.label,
            table.subject.name if table.subject else gettext_now("все предметы"),
            gettext_now("%(grade)s класс") % {"grade": table.grade} if table.grade else gettext_now("все классы"),
        )
    )
    sheet.append([scope])
    sheet.append([])
    header = [
        gettext_now("Организация"),
        gettext_now("Участников"),
        gettext_now("Доля «2», %") if table.uses_marks else gettext_now("Ниже минимума, %"),
        gettext_now("Качество, %"),
        gettext_now("Успеваемость, %"),
        gettext_now("Средняя отметка") if table.uses_marks else gettext_now("Средний балл"),
        gettext_now("Качество год назад, %") if table.uses_marks else gettext_now("Успеваемость год назад, %"),
        gettext_now("Отметки"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        flags = "; ".join(flag.description() for flag in row.flags)
        sheet.append([row.label, *_row_values(row, uses_marks=table.uses_marks), flags])
    sheet.append([gettext_now("Муниципалитет"), *_row_values(table.municipality, uses_marks=table.uses_marks)])
    sheet.append([gettext_now("Регион"), *_row_values(table.region, uses_marks=table.uses_marks)])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["H"].width = 90
    return xlsx_workbook_bytes(workbook)  # an organisation's name is text, never a formula


class IndicatorsScreen(PermissionScreen):
    page_title = _("Показатели качества образования")
    header_icon = "order"
    template_name = "quality/admin/indicators.html"
    permission_required = VIEW_PERMISSION

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            table = IndicatorFilterForm(request.GET or None).table()
            if table is None:
                return HttpResponse(status=404)
            return attachment(
                indicators_xlsx(table),
                content_type=XLSX,
                filename=f"indicators-{table.kind.code}-{table.year.start}.xlsx",
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = IndicatorFilterForm(self.request.GET or None)
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        context.update(
            form=form,
            table=form.table(),
            export_url=f"?{query.urlencode()}",
            can_see_card=self.request.user.has_perm(CARD_PERMISSION),
        )
        return context


class IndicatorsViewSet(ScreenViewSet):
    name = "quality_indicators"
    url_prefix = "quality/indicators"
    icon = "order"
    menu_label = _("Показатели")
    menu_order = 10
    screen = IndicatorsScreen
