"""The professional development section of the plan's reports (000 §2.3.1, 004 §3.3.1–3.3.2).

Courses finished in the report's period (by format, with hours and teachers), diagnostics held,
deficits found and closed by competence area, individual routes begun and completed. Counts only.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from tenants.development.models import CourseFormat, CourseRecord, Deficit, Diagnostic, LearningRoute, RouteStatus
from tenants.plans.models import PlanReport
from tenants.plans.report_registry import ReportSection, count_rows_with_total


def courses_section(report: PlanReport) -> ReportSection:
    start, end = report.period_start, report.period_end
    rows = (
        CourseRecord.objects.filter(end_date__gte=start, end_date__lte=end)
        .values("format")
        .annotate(courses=Count("pk"), teachers=Count("teacher", distinct=True), hours=Sum("hours"))
        .order_by("format")
    )
    labels = dict(CourseFormat.choices)
    table = count_rows_with_total(
        [
            (str(labels.get(row["format"], row["format"])), [row["courses"], row["teachers"], row["hours"] or 0])
            for row in rows
        ]
    )
    if table:  # a teacher may finish courses of two formats: count the teachers once
        teachers = CourseRecord.objects.filter(end_date__gte=start, end_date__lte=end).values("teacher").distinct()
        total = table[-1]
        table[-1] = (total[0], total[1], str(teachers.count()), total[3])
    routes = LearningRoute.objects.aggregate(
        begun=Count("pk", filter=Q(period_start__gte=start, period_start__lte=end)),
        completed=Count("pk", filter=Q(status=RouteStatus.COMPLETED, completed_on__gte=start, completed_on__lte=end)),
    )
    diagnostics = Diagnostic.objects.filter(held_on__gte=start, held_on__lte=end).aggregate(
        held=Count("pk"), teachers=Count("teacher", distinct=True)
    )
    note = _(
        "Диагностик проведено: %(held)s (педагогов: %(teachers)s). Индивидуальных маршрутов начато: "
        "%(begun)s, выполнено: %(completed)s."
    ) % {**diagnostics, **routes}
    return ReportSection(
        title=_("Повышение квалификации педагогов"),
        header=(_("Форма обучения"), _("Курсов завершено"), _("Педагогов"), _("Часов")),
        rows=table,
        note=note,
    )


def deficits_section(report: PlanReport) -> ReportSection | None:
    start, end = report.period_start, report.period_end
    rows = (
        Deficit.objects.values("area__name")
        .annotate(
            found=Count("pk", filter=Q(found_on__gte=start, found_on__lte=end)),
            closed=Count("pk", filter=Q(closed_on__gte=start, closed_on__lte=end)),
            open_at_end=Count("pk", filter=Q(found_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))),
        )
        .filter(Q(found__gt=0) | Q(closed__gt=0) | Q(open_at_end__gt=0))
        .order_by("-open_at_end", "area__name")
    )
    table = [(row["area__name"], str(row["found"]), str(row["closed"]), str(row["open_at_end"])) for row in rows]
    if not table:
        return None
    return ReportSection(
        title=_("Профессиональные дефициты по областям компетенций"),
        header=(_("Область компетенций"), _("Выявлено в периоде"), _("Закрыто в периоде"), _("Открыто на конец")),
        rows=table,
    )
