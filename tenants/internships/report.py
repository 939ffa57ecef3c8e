"""The internships section of the plan's reports (004 §3.3.3): per site, the internships that ended
in the report's period, teachers enrolled and those who completed them. Counts only."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tenants.internships.models import EnrolmentOutcome, EnrolmentStatus, Internship
from tenants.plans.models import PlanReport
from tenants.plans.report_registry import ReportSection, count_rows_with_total


def internships_section(report: PlanReport) -> ReportSection | None:
    rows = (
        Internship.objects.filter(cancelled=False, ends_on__gte=report.period_start, ends_on__lte=report.period_end)
        .values("programme__site__organisation__short_name")
        .annotate(
            held=Count("pk", distinct=True),
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
            completed=Count("enrolments", filter=Q(enrolments__outcome=EnrolmentOutcome.COMPLETED)),
        )
        .order_by("programme__site__organisation__short_name")
    )
    table = count_rows_with_total(
        [
            (row["programme__site__organisation__short_name"], [row["held"], row["enrolled"], row["completed"]])
            for row in rows
        ]
    )
    if not table:
        return None
    return ReportSection(
        title=_("Стажировки"),
        header=(_("Стажировочная площадка"), _("Стажировок"), _("Зачислено педагогов"), _("Прошли стажировку")),
        rows=table,
    )
