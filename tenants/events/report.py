"""The events' and contests' sections of the year's analysis and the operational reports.

Sections for ``tenants.plans.documents`` (000 §3.6, 001 §3.4): events held in the report's period
by form, with registrations and attendance; contests and olympiads of the period with their
participants, winners and prize-winners, and the teachers' professional contests by stage (the
contests app sits below the plan and cannot register a section itself; this one reads its
selector). Counts only: no participant is named in a report.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tenants.contests.selectors import contest_stage_counts
from tenants.event_vocabulary import CONTEST_KINDS, EventKind
from tenants.events.models import ContestOutcome, ContestParticipant, Event, EventStatus, RegistrationStatus
from tenants.plans.models import PlanReport, ReportKind
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


def _professional_contest_rows(report: PlanReport) -> list[tuple[str, ...]]:
    """Teachers' professional contests (``tenants.contests``, 000 §2.3.3, 003 §1.3), a row per stage:
    the year's analysis takes every stage of the plan's year's contests, an operational report the
    stages that began in its period."""
    if report.kind == ReportKind.ANNUAL:
        stages = contest_stage_counts(academic_year=report.plan.academic_year)
    else:
        stages = contest_stage_counts(period=(report.period_start, report.period_end))
    return [
        (
            f"{stage.contest.title} — {stage.level_label.lower()}",
            f"{stage.starts_on:%d.%m.%Y}" if stage.starts_on else "—",
            str(len(stage.participants)),
            str(len(stage.organisations)),
            str(stage.winners),
            str(stage.prize_winners),
        )
        for stage in stages
    ]


def contests_section(report: PlanReport) -> ReportSection | None:
    """Contests and olympiads of the period: participants, winners and prize-winners of each; then
    the teachers' professional contests stage by stage (municipal, regional, federal)."""
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
    rows: list[tuple[str, ...]] = [
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
    professional = _professional_contest_rows(report)
    rows += professional
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
        note=_(
            "Конкурсы профессионального мастерства — по этапам: на муниципальном этапе участники — допущенные "
            "заявки, победители и призёры — по опубликованным итогам; на региональном и федеральном — по "
            "внесённым итогам."
        )
        if professional
        else "",
    )
