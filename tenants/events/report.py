"""The events' and contests' sections of the year's analysis and the operational reports.

Sections for ``tenants.plans.documents`` (000 §3.6, 001 §3.4): events held in the report's period
by form, with registrations and attendance; contests and olympiads of the period with their
participants, winners and prize-winners. Counts only: no participant is named in a report.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tenants.event_vocabulary import CONTEST_KINDS, EventKind
from tenants.events.models import ContestOutcome, ContestParticipant, Event, EventStatus, RegistrationStatus
from tenants.plans.models import PlanReport
from tenants.plans.report_registry import ReportSection, count_rows_with_total


def _in_period(report: PlanReport) -> Q:
    return Q(starts_at__date__gte=report.period_start, starts_at__date__lte=report.period_end)


def events_section(report: PlanReport) -> ReportSection:
    """Events of the period by form: held, cancelled, registrations confirmed and attended."""
    rows = (
        Event.objects.filter(_in_period(report))
        .values("kind")
        .annotate(
            held=Count("pk", filter=Q(status=EventStatus.HELD), distinct=True),
            scheduled=Count("pk", filter=Q(status=EventStatus.SCHEDULED), distinct=True),
            cancelled=Count("pk", filter=Q(status=EventStatus.CANCELLED), distinct=True),
            registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            attended=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("kind")
    )
    labels = dict(EventKind.choices)
    table = count_rows_with_total(
        [
            (
                str(labels.get(row["kind"], row["kind"])),
                [row["held"], row["scheduled"], row["cancelled"], row["registered"], row["attended"]],
            )
            for row in rows
        ]
    )
    return ReportSection(
        title=_("Мероприятия и их участники"),
        header=(
            _("Форма"),
            _("Проведено"),
            _("Запланировано"),
            _("Отменено"),
            _("Зарегистрировано"),
            _("Присутствовали"),
        ),
        rows=[tuple(str(value) for value in line) for line in table],
        note=_("Мероприятия с началом в периоде отчёта; присутствие — по отметкам на мероприятиях."),
    )


def contests_section(report: PlanReport) -> ReportSection | None:
    """Contests and olympiads of the period: participants, winners and prize-winners of each."""
    contests = (
        Event.objects.filter(_in_period(report), kind__in=list(CONTEST_KINDS))
        .annotate(
            total=Count("contest_participants"),
            winners=Count("contest_participants", filter=Q(contest_participants__outcome=ContestOutcome.WINNER)),
            prize_winners=Count(
                "contest_participants", filter=Q(contest_participants__outcome=ContestOutcome.PRIZE_WINNER)
            ),
            organisations=Count("contest_participants__organisation", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    rows = [
        (
            contest.title,
            f"{contest.starts_at:%d.%m.%Y}",
            str(contest.total),
            str(contest.organisations),
            str(contest.winners),
            str(contest.prize_winners),
        )
        for contest in contests
    ]
    if not rows and not ContestParticipant.objects.exists():
        return None
    return ReportSection(
        title=_("Конкурсное и олимпиадное движение"),
        header=(
            _("Конкурс, олимпиада"),
            _("Дата"),
            _("Участников"),
            _("Организаций"),
            _("Победителей"),
            _("Призёров"),
        ),
        rows=rows,
    )
