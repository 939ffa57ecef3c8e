"""The monitoring dashboard in the municipality's Wagtail admin (000 §2.3.1, 002 §3.3) and its XLSX export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.admin_screens import TitledScreenMixin
from tenants.leadership.effectiveness import score_tables
from tenants.monitoring.charts import Bar, Series, bar_chart
from tenants.monitoring.export import dashboard_xlsx
from tenants.monitoring.selectors import Dashboard, dashboard_get, user_may_see_dashboard
from tenants.municipalities.selectors import current_municipality
from tenants.quality.models import ProgrammeStatus
from tenants.quality.selectors.monitoring import QualityMonitoring

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = sorted(academic_year_choices(before=4, after=0), reverse=True)  # type: ignore[attr-defined]

    def chosen(self) -> AcademicYear:
        if self.is_valid() and self.cleaned_data.get("year"):
            return AcademicYear(self.cleaned_data["year"])
        return AcademicYear.current()


class DashboardAccessMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not user_may_see_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def dashboard_charts(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard's SVG charts; their numbers are also in the page's tables."""
    pd = dashboard.pd
    pd_series = [
        Series("up", gettext_now("в срок"), "#1e6b34"),
        Series("soon", gettext_now("скоро срок"), "#b7791f", "dots"),
        Series("over", gettext_now("просрочено"), "#a4161a", "hatch"),
    ]
    mentoring = dashboard.mentoring
    consultations = dashboard.consultations
    answered_late = consultations["consultations_answered"] - consultations["consultations_answered_in_time"]
    waiting = consultations["consultations_total"] - consultations["consultations_answered"]
    return {
        "pd": bar_chart(
            chart_id="chart-pd",
            title=gettext_now("Повышение квалификации педагогов"),
            description=gettext_now("Педагогов: %(total)s; в срок %(up)s, скоро срок %(soon)s, просрочено %(over)s.")
            % {"total": pd.total, "up": pd.up_to_date, "soon": pd.due_soon, "over": pd.overdue},
            bars=[Bar(gettext_now("Все педагоги"), {"up": pd.up_to_date, "soon": pd.due_soon, "over": pd.overdue})],
            series=pd_series,
        ),
        "deficits": bar_chart(
            chart_id="chart-deficits",
            title=gettext_now("Открытые профессиональные дефициты по областям компетенций"),
            description=gettext_now("Число педагогов с открытым дефицитом в каждой области; числа — в таблице ниже."),
            bars=[Bar(a.area.name, {"teachers": a.teachers_with_deficit}) for a in dashboard.deficits],
            series=[Series("teachers", gettext_now("педагогов с дефицитом"), "#0b4f8a")],
        ),
        "mentoring": bar_chart(
            chart_id="chart-mentoring",
            title=gettext_now("Наставничество молодых педагогов"),
            description=gettext_now("Молодых педагогов: %(young)s; с наставником %(with)s, без наставника %(without)s.")
            % {
                "young": mentoring["young_teachers"],
                "with": mentoring["young_teachers_with_mentor"],
                "without": dashboard.young_without_mentor,
            },
            bars=[
                Bar(
                    gettext_now("Молодые педагоги"),
                    {"with": mentoring["young_teachers_with_mentor"], "without": dashboard.young_without_mentor},
                )
            ],
            series=[
                Series("with", gettext_now("с наставником"), "#1e6b34"),
                Series("without", gettext_now("без наставника"), "#a4161a", "hatch"),
            ],
        ),
        "consultations": bar_chart(
            chart_id="chart-consultations",
            title=gettext_now("Консультации за учебный год"),
            description=gettext_now(
                "Обращений: %(total)s; ответ в срок %(in_time)s, с опозданием %(late)s, ожидают ответа %(waiting)s."
            )
            % {
                "total": consultations["consultations_total"],
                "in_time": consultations["consultations_answered_in_time"],
                "late": answered_late,
                "waiting": waiting,
            },
            bars=[
                Bar(
                    gettext_now("Обращения"),
                    {
                        "in_time": consultations["consultations_answered_in_time"],
                        "late": answered_late,
                        "waiting": waiting,
                    },
                )
            ],
            series=[
                Series("in_time", gettext_now("ответ в срок"), "#1e6b34"),
                Series("late", gettext_now("ответ с опозданием"), "#b7791f", "dots"),
                Series("waiting", gettext_now("ждут ответа"), "#a4161a", "hatch"),
            ],
        ),
        "associations": bar_chart(
            chart_id="chart-associations",
            title=gettext_now("Заседания методических объединений за учебный год"),
            description=gettext_now("Объединений: %(total)s, провели заседания: %(active)s; числа — в таблице ниже.")
            % {"total": len(dashboard.associations), "active": dashboard.associations_active},
            bars=[Bar(a.body.name, {"meetings": a.meetings}) for a in dashboard.associations],
            series=[Series("meetings", gettext_now("заседаний"), "#0b4f8a")],
        ),
    }


MARK_SERIES = (
    ("m2", "«2»", "#a4161a", "hatch"),
    ("m3", "«3»", "#b7791f", "dots"),
    ("m4", "«4»", "#4a7bb7", "solid"),
    ("m5", "«5»", "#1e6b34", "solid"),
)


def quality_charts(quality: QualityMonitoring) -> dict[str, Any]:
    """A chart per procedure (marks by subject, or below and above the minimum), organisations by
    flag, programmes by status; their numbers are also in the page's tables."""
    charts: dict[str, Any] = {}
    for kind_results in quality.kinds:
        kind = kind_results.kind
        if kind.uses_marks:
            series = [Series(key, label, colour, pattern) for key, label, colour, pattern in MARK_SERIES]
            bars = [
                Bar(
                    row.subject.name,
                    {
                        "m2": row.counts.marks_2,
                        "m3": row.counts.marks_3,
                        "m4": row.counts.marks_4,
                        "m5": row.counts.marks_5,
                    },
                )
                for row in kind_results.subjects
            ]
            description = gettext_now(
                "Число участников с отметками «2», «3», «4» и «5» по предметам; доли — в таблице."
            )
        else:
            series = [
                Series("below", gettext_now("ниже минимума"), "#a4161a", "hatch"),
                Series("above", gettext_now("не ниже минимума"), "#1e6b34"),
            ]
            bars = [
                Bar(
                    row.subject.name,
                    {
                        "below": row.counts.below_minimum,
                        "above": row.counts.score_participants - row.counts.below_minimum,
                    },
                )
                for row in kind_results.subjects
            ]
            description = gettext_now("Число участников ниже и не ниже минимального балла по предметам.")
        charts[kind.code] = bar_chart(
            chart_id=f"chart-quality-{kind.code}",
            title=gettext_now("%(kind)s: результаты по предметам") % {"kind": kind.name},
            description=description,
            bars=bars,
            series=series,
        )
    charts["flags"] = bar_chart(
        chart_id="chart-quality-flags",
        title=gettext_now("Организации по отметкам о результатах"),
        description=gettext_now(
            "Низкие результаты: %(low)s; признаки необъективности: %(non)s; нуждаются в поддержке: %(confirmed)s."
        )
        % {"low": quality.flagged_low, "non": quality.flagged_nonobjective, "confirmed": quality.confirmed},
        bars=[
            Bar(gettext_now("Низкие результаты"), {"n": quality.flagged_low}),
            Bar(gettext_now("Признаки необъективности"), {"n": quality.flagged_nonobjective}),
            Bar(gettext_now("Нуждаются в поддержке"), {"n": quality.confirmed}),
        ],
        series=[Series("n", gettext_now("организаций"), "#0b4f8a")],
    )
    charts["programmes"] = bar_chart(
        chart_id="chart-quality-programmes",
        title=gettext_now("Программы поддержки по статусам"),
        description=", ".join(f"{line.label}: {line.value}" for line in quality.lines()[-5:]),
        bars=[Bar(str(status.label), {"n": quality.programmes.get(status, 0)}) for status in ProgrammeStatus],
        series=[Series("n", gettext_now("программ"), "#0b4f8a")],
    )
    return charts


class DashboardView(DashboardAccessMixin, TitledScreenMixin, TemplateView):
    page_title = _("Мониторинг")
    header_icon = "view"
    template_name = "monitoring/admin/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = YearForm(self.request.GET or None)
        dashboard = dashboard_get(year=form.chosen())
        context.update(
            form=form,
            dashboard=dashboard,
            indicators=dashboard.indicators(),
            charts=dashboard_charts(dashboard),
            quality_charts=quality_charts(dashboard.quality),
            effectiveness=score_tables(dashboard.year),
        )
        return context


class DashboardExportView(DashboardAccessMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = YearForm(request.GET or None).chosen()
        municipality = current_municipality()
        dashboard = dashboard_get(year=year)
        name = municipality.name if municipality else ""
        response = HttpResponse(dashboard_xlsx(dashboard, municipality_name=name), content_type=XLSX)
        slug = municipality.slug if municipality else "region"
        response["Content-Disposition"] = f'attachment; filename="monitoring-{slug}-{year.start}-{year.start + 1}.xlsx"'
        return response
