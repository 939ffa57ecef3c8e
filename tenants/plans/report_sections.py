"""Sections of the plan's reports drawn from the apps below the plan (000 §3.6, 001 §3.4).

Mentoring and the young teacher school (002 §2.2, 004 §3.3.4): pairs that worked in the report's
period, and the school's sessions held with their attendance. Consultations (000 §2.3.2): requests
received by who asked, answered, answered by their due day, still waiting past it. Associations
and councils (002 tables 1–2, 003 §5.1): members in the period and meetings held, with minutes.
Counts only: no mentor, mentee, requester or member is named in a report.

The apps above the plan (events, development, quality) register their own sections.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.bodies.models import Body
from tenants.consultations.models import OPEN_STATUSES, Consultation, RequesterKind
from tenants.mentoring.models import Mentorship, MentorshipStatus, SchoolSession
from tenants.plans.models import PlanReport
from tenants.plans.report_registry import ReportSection, count_rows_with_total


def mentoring_section(report: PlanReport) -> ReportSection:
    start, end = report.period_start, report.period_end
    overlapping = Mentorship.objects.filter(starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    pairs = overlapping.exclude(status=MentorshipStatus.PLANNED).aggregate(
        worked=Count("pk"),
        begun=Count("pk", filter=Q(starts_on__gte=start)),
        completed=Count("pk", filter=Q(status=MentorshipStatus.COMPLETED, ends_on__lte=end)),
        terminated=Count("pk", filter=Q(status=MentorshipStatus.TERMINATED, ends_on__lte=end)),
        mentees=Count("mentee", distinct=True),
        mentors=Count("mentor", distinct=True),
    )
    sessions = SchoolSession.objects.filter(date__gte=start, date__lte=end).aggregate(
        held=Count("pk", distinct=True), attendances=Count("attendees")
    )
    rows = [
        (_("Пар наставничества работало в периоде"), pairs["worked"]),
        (_("из них начато в периоде"), pairs["begun"]),
        (_("завершено с результатом"), pairs["completed"]),
        (_("прекращено досрочно"), pairs["terminated"]),
        (_("Молодых педагогов с наставником"), pairs["mentees"]),
        (_("Наставников"), pairs["mentors"]),
        (_("Занятий школы молодого педагога"), sessions["held"]),
        (_("Посещений занятий школы"), sessions["attendances"]),
    ]
    return ReportSection(
        title=_("Наставничество и школа молодого педагога"),
        header=(_("Показатель"), _("Значение")),
        rows=[(str(label), str(value)) for label, value in rows],
    )


def consultations_section(report: PlanReport) -> ReportSection:
    end_of_period = min(report.period_end, timezone.localdate())
    received = Consultation.objects.filter(
        submitted_at__date__gte=report.period_start, submitted_at__date__lte=report.period_end
    )
    answered = Q(answered_at__isnull=False)
    rows = (
        received.values("requester_kind")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=answered),
            in_time=Count("pk", filter=answered & Q(answered_at__date__lte=F("due_on"))),
            late=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=end_of_period)),
        )
        .order_by("requester_kind")
    )
    labels = dict(RequesterKind.choices)
    table = count_rows_with_total(
        [
            (
                str(labels.get(row["requester_kind"], row["requester_kind"])),
                [row["total"], row["answered"], row["in_time"], row["late"]],
            )
            for row in rows
        ]
    )
    return ReportSection(
        title=_("Консультации"),
        header=(_("Кто обращался"), _("Поступило"), _("Дан ответ"), _("Ответ в срок"), _("Просрочено")),
        rows=[tuple(str(value) for value in line) for line in table],
        note=_("Обращения, поступившие в периоде отчёта; «просрочено» — без ответа после срока на %(day)s.")
        % {"day": f"{end_of_period:%d.%m.%Y}"},
    )


def associations_section(report: PlanReport) -> ReportSection | None:
    start, end = report.period_start, report.period_end
    in_period = Q(meetings__date__gte=start, meetings__date__lte=end)
    current = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=start)
    bodies = (
        Body.objects.filter(Q(term_start__isnull=True) | Q(term_start__lte=end))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=start))
        .annotate(
            members=Count("memberships", filter=current, distinct=True),
            held=Count("meetings", filter=in_period, distinct=True),
            with_minutes=Count("meetings", filter=in_period & ~Q(meetings__minutes=""), distinct=True),
        )
        .order_by("kind", "name")
    )
    rows = [
        (body.name, body.get_kind_display(), str(body.members), str(body.held), str(body.with_minutes))
        for body in bodies
    ]
    if not rows:
        return None
    return ReportSection(
        title=_("Методические объединения и советы"),
        header=(_("Объединение"), _("Вид"), _("Участников"), _("Заседаний в периоде"), _("С протоколом")),
        rows=rows,
    )
