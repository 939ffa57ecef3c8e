"""«Анализ повышения квалификации» on the head's monitoring (000 §2.3.1): coverage, kinds of
programme, providers, competence areas against deficits, the quota lists — SVG charts with the
same numbers in tables, and the XLSX. Counts only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from tenants.admin_screens import TitledScreenMixin
from tenants.imports.spreadsheets import XLSX_CONTENT_TYPE
from tenants.monitoring.charts import Bar, Series, bar_chart
from tenants.monitoring.pd_analysis import PdAnalysis, pd_analysis
from tenants.monitoring.views import DashboardAccessMixin
from tenants.municipalities.selectors import current_municipality
from tenants.spreadsheet_cells import xlsx_workbook_bytes


class OnForm(forms.Form):
    on = forms.DateField(label=_("На дату"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def chosen(self) -> Any:
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return timezone.localdate()


def pd_charts(analysis: PdAnalysis) -> dict[str, Any]:
    coverage = analysis.coverage
    return {
        "coverage": bar_chart(
            chart_id="chart-pd-coverage",
            title=gettext_now("Охват повышением квалификации за три года"),
            description=gettext_now(
                "Педагогов: %(total)s; прошли курсы за три года: %(covered)s, не проходили: %(not)s."
            )
            % {"total": coverage.of, "covered": coverage.value, "not": coverage.of - coverage.value},
            bars=[
                Bar(gettext_now("Все педагоги"), {"yes": coverage.value, "no": coverage.of - coverage.value}),
                *(Bar(o.label, {"yes": o.value, "no": o.of - o.value}) for o in analysis.organisations),
            ],
            series=[
                Series("yes", gettext_now("прошли курсы"), "#1e6b34"),
                Series("no", gettext_now("не проходили"), "#a4161a", "hatch"),
            ],
        ),
        "areas": bar_chart(
            chart_id="chart-pd-areas",
            title=gettext_now("Открытые дефициты и курсы по той же области компетенций"),
            description=gettext_now(
                "Педагоги с открытым дефицитом в области: прошли курсы по ней после диагностики и не проходили; "
                "числа — в таблице ниже."
            ),
            bars=[
                Bar(row.area.name, {"trained": row.deficit_trained, "untrained": row.deficit_untrained})
                for row in analysis.areas
            ],
            series=[
                Series("trained", gettext_now("прошли курсы по области"), "#1e6b34"),
                Series("untrained", gettext_now("курсов по области не было"), "#a4161a", "hatch"),
            ],
        ),
        "kinds": bar_chart(
            chart_id="chart-pd-kinds",
            title=gettext_now("Курсы за три года по видам программ"),
            description=", ".join(f"{g.label}: {g.courses}" for g in analysis.kinds),
            bars=[Bar(g.label, {"n": g.courses}) for g in analysis.kinds],
            series=[Series("n", gettext_now("курсов"), "#0b4f8a")],
        ),
        "providers": bar_chart(
            chart_id="chart-pd-providers",
            title=gettext_now("Курсы за три года по организаторам обучения"),
            description=", ".join(f"{g.label}: {g.courses}" for g in analysis.providers),
            bars=[Bar(g.label, {"n": g.courses}) for g in analysis.providers],
            series=[Series("n", gettext_now("курсов"), "#0b4f8a")],
        ),
    }


class PdAnalysisView(DashboardAccessMixin, TitledScreenMixin, TemplateView):
    page_title = _("Анализ повышения квалификации")
    header_icon = "view"
    template_name = "monitoring/admin/pd_analysis.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = OnForm(self.request.GET or None)
        analysis = pd_analysis(on=form.chosen())
        context.update(form=form, analysis=analysis, charts=pd_charts(analysis))
        return context


def pd_analysis_xlsx(analysis: PdAnalysis, *, municipality_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext_now("Охват")
    sheet.append([gettext_now("Анализ повышения квалификации: %(name)s") % {"name": municipality_name}])
    sheet.append(
        [
            gettext_now("Курсы, законченные с %(since)s по %(on)s")
            % {"since": analysis.since.strftime("%d.%m.%Y"), "on": analysis.on.strftime("%d.%m.%Y")}
        ]
    )
    sheet.append([])
    sheet.append(
        [gettext_now("Организация"), gettext_now("Педагогов"), gettext_now("Прошли курсы"), gettext_now("Охват, %")]
    )
    c = analysis.coverage
    sheet.append([gettext_now("Все педагоги"), c.of, c.value, c.percent])
    for share in analysis.organisations:
        sheet.append([share.label, share.of, share.value, share.percent])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 50

    areas = workbook.create_sheet(gettext_now("Области и дефициты"))
    areas.append(
        [
            gettext_now("Область компетенций"),
            gettext_now("Прошли курсы по области"),
            gettext_now("Педагогов с открытым дефицитом"),
            gettext_now("Из них прошли курсы по области после диагностики"),
            gettext_now("Из них не проходили"),
        ]
    )
    for row in analysis.areas:
        areas.append([row.area.name, row.trained, row.with_deficit, row.deficit_trained, row.deficit_untrained])
    areas.column_dimensions["A"].width = 60

    groups = workbook.create_sheet(gettext_now("Программы и организаторы"))
    groups.append([gettext_now("Группа"), gettext_now("Курсов"), gettext_now("Педагогов"), gettext_now("Часов")])
    for group in [*analysis.kinds, *analysis.providers]:
        groups.append([group.label, group.courses, group.teachers, group.hours])
    groups.append([])
    groups.append([gettext_now("Заявки на курсы с квотой, законченные в период")])
    for key, label in (
        ("applied", gettext_now("Подано заявок")),
        ("declined", gettext_now("Отклонено организациями")),
        ("listed", gettext_now("Включено в списки")),
        ("trained", gettext_now("Прошли обучение")),
    ):
        groups.append([label, analysis.applications[key]])
    groups.column_dimensions["A"].width = 50
    return xlsx_workbook_bytes(workbook)


class PdAnalysisExportView(DashboardAccessMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        analysis = pd_analysis(on=OnForm(request.GET or None).chosen())
        municipality = current_municipality()
        body = pd_analysis_xlsx(analysis, municipality_name=municipality.name if municipality else "")
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
        slug = municipality.slug if municipality else "region"
        response["Content-Disposition"] = f'attachment; filename="pd-analysis-{slug}-{analysis.on.isoformat()}.xlsx"'
        return response
