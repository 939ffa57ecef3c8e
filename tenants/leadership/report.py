"""The effectiveness of the associations and of the schools' methodological services in the year's
analysis (issue 15 §4; 000 §2.3.1 — the service analyses and evaluates how effective the ГМО and
the schools' methodological services are; 000 §3.6, 001 §3.4 — the year's analysis).

Registered as a section of the plan's reports from ``LeadershipConfig.ready()`` (the plan's app
never imports this one). One row per association or school assessed in the plan's year: the
leader's or coordinator's self-assessment and the methodologist's, each as a share of the maximum
of the municipality's criteria. Only the year's analysis carries it: the assessments are yearly.
Names of associations and schools only, never of a person.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body
from tenants.leadership.effectiveness import Score, score_tables
from tenants.leadership.models import EffectivenessSubject
from tenants.plans.models import PlanReport, ReportKind
from tenants.plans.report_registry import ReportSection


def _percent(score: Score | None) -> str:
    return f"{score.percent}%" if score is not None else "—"


def _kind(obj: Any) -> str:
    return obj.get_kind_display() if isinstance(obj, Body) else str(EffectivenessSubject.SCHOOL.label)


def effectiveness_section(report: PlanReport) -> ReportSection | None:
    """Self-assessments and the methodologist's assessments of the plan's year, by association
    and by school; None for an operational report or a year nobody was assessed in."""
    if report.kind != ReportKind.ANNUAL:
        return None
    year = AcademicYear(report.plan.academic_year)
    rows: list[tuple[str, ...]] = []
    counts: dict[str, tuple[int, int]] = {}
    for table in score_tables(year):
        assessed = [r for r in table.rows if r.self_score is not None or r.methodologist_score is not None]
        counts[table.subject] = (len(assessed), len(table.rows))
        rows += [
            (row.name, _kind(row.obj), _percent(row.self_score), _percent(row.methodologist_score)) for row in assessed
        ]
    if not rows:
        return None
    associations, schools = counts[EffectivenessSubject.ASSOCIATION], counts[EffectivenessSubject.SCHOOL]
    return ReportSection(
        title=_("Эффективность методических объединений и методических служб школ"),
        header=(_("Объединение, школа"), _("Вид"), _("Самооценка"), _("Оценка методиста")),
        rows=rows,
        note=_(
            "Доля от наибольшего балла по критериям муниципального образования за %(year)s учебный год. "
            "Оценено объединений: %(a)d из %(a_total)d; методических служб школ: %(s)d из %(s_total)d."
        )
        % {
            "year": year.label,
            "a": associations[0],
            "a_total": associations[1],
            "s": schools[0],
            "s_total": schools[1],
        },
    )
