"""The effect of support programmes in the year's analysis of the plan (000 §3.6, 001 §3.4).

A section for ``tenants.plans.documents``' annual report: each programme active or finished in
the report's academic year, its organisation, baseline year, status, and each procedure's share
of «2» (below the minimum, for ЕГЭ) and quality, before and after, with the verdict.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from assessment.indicators import IndicatorValues
from tenants.plans.report_registry import ReportSection
from tenants.quality.models import ProgrammeStatus, SupportProgramme
from tenants.quality.selectors.effect import EffectRow, programme_effect


def _figure(value: Any) -> str:
    return "—" if value is None else f"{value}".replace(".", ",")


def _change(row: EffectRow, figure: str) -> str:
    def value(values: IndicatorValues | None) -> Any:
        if values is None:
            return None
        if figure == "quality":
            return values.quality
        return values.share_2 if row.uses_marks else values.below_minimum_share

    return f"{_figure(value(row.baseline))} → {_figure(value(row.latest))}"


def programmes_effect_section(report: Any) -> ReportSection | None:
    if report.kind != "annual":
        return None
    year = report.plan.academic_year
    programmes = (
        SupportProgramme.objects.filter(Q(academic_year=year) | Q(academic_year=year - 1))
        .filter(status__in=[ProgrammeStatus.ACTIVE, ProgrammeStatus.FINISHED])
        .select_related("organisation")
        .order_by("organisation__short_name")
    )
    rows = []
    for programme in programmes:
        effect = programme_effect(programme)
        verdict = {True: _("улучшились"), False: _("не улучшились"), None: _("нет новых результатов")}[effect.improved]
        head = (programme.organisation.short_name, effect.baseline_year.label, programme.get_status_display())
        if not effect.rows:
            rows.append((*head, "—", "—", "—", verdict))
        for row in effect.rows:
            rows.append((*head, row.kind_name, _change(row, "problem"), _change(row, "quality"), verdict))
    return ReportSection(
        title=_("Адресная методическая помощь организациям и её эффект"),
        header=(
            _("Организация"),
            _("Базовый год"),
            _("Программа"),
            _("Процедура"),
            _("Доля «2» (ниже минимума), %: было → стало"),
            _("Качество, %: было → стало"),
            _("Результаты"),
        ),
        rows=rows,
        note=_("Результаты следующих процедур сравниваются с результатами базового года программы."),
    )
