"""Reads of the teachers' contests in the schema in use.

Three audiences, three kinds of read:

* the service's staff (``VIEW_PERMISSION``, held by the municipality's own staff only: the app is
  a personal-data app in ``accounts.role_permissions``) — applications, jury, results; before
  publication they see how far each sheet is filled, never the marks;
* a juror — their own sheet only (``juror_sheet``), and the results once published;
* the public — ``public_contests``: public contests, their stages and nominations, and for the
  published stages the winners and prize-winners with name, organisation, nomination and result,
  nothing else.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from accounts.models import User
from tenants.contests.models import (
    AWARDED,
    LEVEL_ORDER,
    Application,
    ApplicationStatus,
    Contest,
    ContestStage,
    Criterion,
    JuryMember,
    Level,
    Result,
    Score,
    StageResult,
    TeacherContestRecord,
)
from tenants.contests.rules import sheets_missing

VIEW_PERMISSION = "contests.view_application"
CHANGE_PERMISSION = "contests.change_application"


def contest_years() -> list[int]:
    return list(
        Contest.objects.filter(is_public=True)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def admitted_applications(contest: Contest) -> QuerySet[Application]:
    return (
        Application.objects.filter(contest=contest, status=ApplicationStatus.ACCEPTED)
        .select_related("teacher", "organisation", "nomination")
        .order_by("nomination__title", "teacher__last_name", "teacher__first_name", "pk")
    )


def contest_missing_marks(contest: Contest) -> dict[JuryMember, int]:
    """Marks each juror still owes (jurors with a complete sheet left out)."""
    jurors = {
        j.pk: j for j in JuryMember.objects.filter(contest=contest).select_related("teacher", "methodologist__user")
    }
    participants = list(admitted_applications(contest).values_list("pk", flat=True))
    criteria = list(Criterion.objects.filter(contest=contest).values_list("pk", flat=True))
    marked = Score.objects.filter(juror__contest=contest).values_list("juror_id", "application_id", "criterion_id")
    missing = sheets_missing(jurors=jurors, participants=participants, criteria=criteria, marked=marked)
    return {jurors[int(pk)]: count for pk, count in missing.items()}  # type: ignore[call-overload]


def contest_results(contest: Contest, level: str = Level.MUNICIPAL) -> list[StageResult]:
    return list(
        StageResult.objects.filter(application__contest=contest, level=level)
        .select_related("application__teacher", "application__organisation", "application__nomination")
        .order_by("application__nomination__title", "rank", "application__teacher__last_name", "pk")
    )


# The juror's own reads ----------------------------------------------------------------------


def juror_memberships(user: User) -> QuerySet[JuryMember]:
    """The juries this account sits on in the municipality in use (as a teacher or a methodologist)."""
    if not user.is_authenticated:
        return JuryMember.objects.none()
    return (
        JuryMember.objects.filter(Q(teacher__user_id=user.pk) | Q(methodologist__user_id=user.pk))
        .select_related("contest", "teacher", "methodologist__user")
        .order_by("-contest__academic_year", "contest__title")
    )


def juror_for(user: User, contest_id: int) -> JuryMember | None:
    return juror_memberships(user).filter(contest_id=contest_id).first()


@dataclass
class SheetRow:
    application: Application
    marks: dict[int, Decimal]
    complete: bool
    total: Decimal


def juror_sheet(juror: JuryMember) -> tuple[list[Criterion], list[SheetRow]]:
    """The juror's own sheet: every admitted participant with the juror's marks — nobody else's."""
    criteria = list(Criterion.objects.filter(contest_id=juror.contest_id))
    own: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for application_id, criterion_id, value in Score.objects.filter(juror=juror).values_list(
        "application_id", "criterion_id", "value"
    ):
        own[application_id][criterion_id] = value
    rows = []
    for application in admitted_applications(juror.contest):
        if juror.teacher_id is not None and application.teacher_id == juror.teacher_id:
            continue
        marks = own.get(application.pk, {})
        rows.append(
            SheetRow(
                application=application,
                marks=marks,
                complete=all(c.pk in marks for c in criteria),
                total=sum(marks.values(), Decimal(0)),
            )
        )
    return criteria, rows


def juror_sheets_waiting(user: User) -> int:
    """Participants whose sheet this juror has not completed, in contests not yet published."""
    waiting = 0
    for juror in juror_memberships(user).filter(contest__results_published_at__isnull=True):
        _criteria, rows = juror_sheet(juror)
        waiting += sum(1 for row in rows if not row.complete)
    return waiting


# The teacher's own reads --------------------------------------------------------------------


def teacher_applications(user: User) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(teacher__user_id=user.pk)
        .select_related("contest", "nomination", "organisation")
        .prefetch_related("documents")
        .order_by("-contest__academic_year", "contest__title")
    )


def teacher_contest_records(teacher_id: int) -> list[TeacherContestRecord]:
    """What the teacher's record shows: each contest stage they took part in, latest year first."""
    records = list(TeacherContestRecord.objects.filter(teacher_id=teacher_id))
    return sorted(records, key=lambda r: (-r.academic_year, r.contest_title, LEVEL_ORDER.index(Level(r.level))))


# The public site ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicResult:
    name: str
    organisation: str
    nomination: str
    result: str


@dataclass
class PublicStage:
    level: str
    dates: tuple[object, object]
    place: str
    results: list[PublicResult] = field(default_factory=list)


@dataclass
class PublicContest:
    title: str
    description: str
    nominations: list[str]
    stages: list[PublicStage]


def public_contests(*, academic_year: int | None = None) -> tuple[int | None, list[PublicContest]]:
    """The public contests of a year (the latest when None) with their published winners and prize-winners.

    A teacher is shown by name, organisation, nomination and result only; the municipal stage's
    results only once published, the regional and federal ones as entered.
    """
    public = Contest.objects.filter(is_public=True)
    if academic_year is None:
        academic_year = public.order_by("-academic_year").values_list("academic_year", flat=True).first()
    if academic_year is None:
        return None, []
    contests = list(
        public.filter(academic_year=academic_year).prefetch_related("stages", "nominations").order_by("title")
    )
    awarded = (
        StageResult.objects.filter(application__contest__in=contests, result__in=AWARDED)
        .filter(~Q(level=Level.MUNICIPAL) | Q(application__contest__results_published_at__isnull=False))
        .select_related("application__teacher", "application__organisation", "application__nomination")
        .order_by("application__nomination__title", "rank", "result", "application__teacher__last_name")
        .only(
            "level", "result", "application__contest_id", "application__teacher__last_name",
            "application__teacher__first_name", "application__teacher__middle_name",
            "application__organisation__short_name", "application__nomination__title",
        )
    )  # fmt: skip
    by_stage: dict[tuple[int, str], list[PublicResult]] = defaultdict(list)
    for row in awarded:
        by_stage[(row.application.contest_id, row.level)].append(
            PublicResult(
                name=row.application.teacher.full_name,
                organisation=row.application.organisation.short_name,
                nomination=row.application.nomination.title if row.application.nomination else "",
                result=row.get_result_display(),
            )
        )
    found = []
    for contest in contests:
        stages = {s.level: s for s in contest.stages.all()}
        levels = [lvl for lvl in LEVEL_ORDER if lvl in stages or (contest.pk, lvl.value) in by_stage]
        found.append(
            PublicContest(
                title=contest.title,
                description=contest.description,
                nominations=[n.title for n in contest.nominations.all()],
                stages=[
                    PublicStage(
                        level=str(Level(lvl).label),
                        dates=(stages[lvl].starts_on, stages[lvl].ends_on) if lvl in stages else (None, None),
                        place=stages[lvl].place if lvl in stages else "",
                        results=by_stage.get((contest.pk, lvl.value), []),
                    )
                    for lvl in levels
                ],
            )
        )
    return academic_year, found


# The year's analysis and the operational reports (issue 15 §4; 000 §3.6, 001 §3.4) ---------------


@dataclass
class StageCount:
    """One stage of one contest in a report: counts only, never a name."""

    contest: Contest
    level: str
    starts_on: datetime.date | None = None
    participants: set[int] = field(default_factory=set)  # application ids
    organisations: set[int] = field(default_factory=set)
    winners: int = 0
    prize_winners: int = 0

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


def contest_stage_counts(
    *, academic_year: int | None = None, period: tuple[datetime.date, datetime.date] | None = None
) -> list[StageCount]:
    """Participants, organisations, winners and prize-winners of each contest's stage.

    ``academic_year``: every stage of that year's contests (the year's analysis); ``period``: the
    stages that began in it (a month's or a quarter's report). The municipal stage counts the
    admitted applications, and its winners and prize-winners once its results are published; the
    regional and federal stages count the results entered as the region reported them. A stage
    nobody took part in is left out. Four queries.
    """
    contests = {c.pk: c for c in Contest.objects.filter(**({"academic_year": academic_year} if academic_year else {}))}
    starts = {
        (contest_id, level): starts_on
        for contest_id, level, starts_on in ContestStage.objects.filter(contest_id__in=contests).values_list(
            "contest_id", "level", "starts_on"
        )
    }
    counts: dict[tuple[int, str], StageCount] = {}

    def stage(contest_id: int, level: str) -> StageCount:
        key = (contest_id, level)
        if key not in counts:
            counts[key] = StageCount(contest=contests[contest_id], level=level, starts_on=starts.get(key))
        return counts[key]

    admitted = Application.objects.filter(contest_id__in=contests, status=ApplicationStatus.ACCEPTED)
    for pk, contest_id, organisation_id in admitted.values_list("pk", "contest_id", "organisation_id"):
        row = stage(contest_id, Level.MUNICIPAL)
        row.participants.add(pk)
        row.organisations.add(organisation_id)
    results = StageResult.objects.filter(application__contest_id__in=contests).values_list(
        "application_id", "application__contest_id", "application__organisation_id", "level", "result"
    )
    for application_id, contest_id, organisation_id, level, result in results:
        row = stage(contest_id, level)
        if level != Level.MUNICIPAL:
            row.participants.add(application_id)
            row.organisations.add(organisation_id)
        row.winners += result == Result.WINNER
        row.prize_winners += result == Result.PRIZE_WINNER
    found = [
        row
        for row in counts.values()
        if row.participants
        and (period is None or (row.starts_on is not None and period[0] <= row.starts_on <= period[1]))
    ]
    return sorted(found, key=lambda s: (s.contest.title, s.contest.pk, LEVEL_ORDER.index(Level(s.level))))
