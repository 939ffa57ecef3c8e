"""Reads of teachers' professional growth, in the schema in use (personal data: own staff only).

For the municipal dashboard (the monitoring app): :func:`development_summary` (the same numbers
the region's roll-up holds, counted the same way), :func:`pd_summary`,
:func:`deficit_counts_by_area`, :func:`route_progress`, and :func:`teacher_pd_list` for the list
of who is due or overdue.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from tenants.contests.models import TeacherContestRecord
from tenants.contests.selectors import teacher_contest_records
from tenants.development.models import (
    CompetenceArea,
    CourseOffer,
    CourseRecord,
    Deficit,
    DeficitStatus,
    Diagnostic,
    DiagnosticResult,
    LearningRoute,
    RouteStep,
)
from tenants.development.periodicity import PdStatus, pd_annotate
from tenants.development.rollups import development_counts
from tenants.events.selectors import event_list_upcoming
from tenants.municipalities.selectors import current_municipality
from tenants.people.models import Teacher
from tenants.people.selectors import teacher_search
from unified_calendar.selectors import regional_event_list_upcoming

SUGGESTIONS_PER_KIND = 3


# Professional development (273-ФЗ art. 47) ------------------------------------------------------


def teacher_pd_list(
    *,
    on: datetime.date | None = None,
    organisation_id: int | None = None,
    subject_id: int | None = None,
    status: str | None = None,
    search: str = "",
) -> QuerySet[Any]:
    """Teachers with ``last_course_end``, ``pd_due`` and ``pd_status`` (see ``periodicity``), due first."""
    queryset = Teacher.objects.select_related("organisation")
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    if subject_id is not None:
        queryset = queryset.filter(
            pk__in=Teacher.subjects.through.objects.filter(subject_id=subject_id).values("teacher_id")
        )
    annotated = pd_annotate(teacher_search(queryset, search), on=on or timezone.localdate())
    if status:
        annotated = annotated.filter(pd_status=status)
    return annotated.order_by("pd_due", "last_name", "first_name", "pk")


@dataclass(frozen=True)
class PdSummary:
    total: int
    up_to_date: int
    due_soon: int
    overdue: int


def pd_summary(*, on: datetime.date | None = None, organisation_id: int | None = None) -> PdSummary:
    # The status is computed over an aggregate, so it is counted here rather than grouped by in SQL.
    by_status = Counter(teacher_pd_list(on=on, organisation_id=organisation_id).values_list("pd_status", flat=True))
    return PdSummary(
        total=sum(by_status.values()),
        up_to_date=by_status.get(PdStatus.UP_TO_DATE, 0),
        due_soon=by_status.get(PdStatus.DUE_SOON, 0),
        overdue=by_status.get(PdStatus.OVERDUE, 0),
    )


def teacher_pd_get(*, teacher: Teacher, on: datetime.date | None = None) -> Any:
    """The teacher with the PD annotations of :func:`teacher_pd_list`."""
    return pd_annotate(Teacher.objects.filter(pk=teacher.pk), on=on or timezone.localdate()).get()


def development_summary(*, on: datetime.date | None = None) -> dict[str, int]:
    """The municipality's roll-up numbers (teachers_total, pd_*, deficits_open, routes_*, ...)."""
    municipality = current_municipality()
    if municipality is None:
        return {}
    return development_counts([municipality], on=on)[municipality.pk]


# Competence areas, deficits --------------------------------------------------------------------


def competence_area_list() -> QuerySet[CompetenceArea]:
    return CompetenceArea.objects.order_by("position", "name")


@dataclass(frozen=True)
class AreaDeficits:
    area: CompetenceArea
    teachers_with_deficit: int
    deficits_open: int
    deficits_closed: int


def deficit_counts_by_area() -> list[AreaDeficits]:
    """Every competence area with its deficits (for the dashboard's chart), in catalogue order."""
    areas = competence_area_list().annotate(
        teachers_open=Count("deficits__teacher", filter=Q(deficits__status=DeficitStatus.OPEN), distinct=True),
        n_open=Count("deficits", filter=Q(deficits__status=DeficitStatus.OPEN)),
        n_closed=Count("deficits", filter=Q(deficits__status=DeficitStatus.CLOSED)),
    )
    return [AreaDeficits(a, a.teachers_open, a.n_open, a.n_closed) for a in areas]


def deficit_list(*, teacher: Teacher | None = None, status: str | None = None) -> QuerySet[Deficit]:
    queryset = Deficit.objects.select_related("area", "teacher", "diagnostic")
    if teacher is not None:
        queryset = queryset.filter(teacher=teacher)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-found_on", "pk")


# Routes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteProgress:
    routes_total: int
    routes_completed: int
    steps_total: int
    steps_done: int


def route_progress() -> RouteProgress:
    """Routes and steps not cancelled, as the roll-up counts them."""
    summary = development_summary()
    return RouteProgress(
        routes_total=summary.get("routes_total", 0),
        routes_completed=summary.get("routes_completed", 0),
        steps_total=summary.get("route_steps_total", 0),
        steps_done=summary.get("route_steps_done", 0),
    )


def _steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=RouteStep.objects.select_related("area", "course_offer", "course_record", "event").order_by(
            "sort_order", "pk"
        ),
    )


def learning_route_list(*, teacher: Teacher | None = None, status: str | None = None) -> QuerySet[LearningRoute]:
    queryset = LearningRoute.objects.select_related("teacher", "tutor__user").prefetch_related(
        _steps_prefetch(), Prefetch("deficits", queryset=Deficit.objects.select_related("area"))
    )
    if teacher is not None:
        queryset = queryset.filter(teacher=teacher)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-period_start", "-pk")


def route_step_for_teacher(*, teacher: Teacher, step_id: int) -> RouteStep | None:
    """A step of one of ``teacher``'s routes; someone else's step is "missing" too."""
    return RouteStep.objects.select_related("route").filter(pk=step_id, route__teacher=teacher).first()


# Courses ---------------------------------------------------------------------------------------


def course_record_list(*, teacher: Teacher | None = None) -> QuerySet[CourseRecord]:
    queryset = CourseRecord.objects.select_related("teacher__organisation").prefetch_related("competence_areas")
    if teacher is not None:
        queryset = queryset.filter(teacher=teacher)
    return queryset.order_by("-end_date", "-pk")


def course_record_file_for(
    *, record_id: int, teacher: Teacher | None, user: User | AnonymousUser
) -> CourseRecord | None:
    """A record whose file ``user`` may download: their own (as ``teacher``), or any for the staff.

    "Missing" and "not yours" are the same answer, None.
    """
    record = CourseRecord.objects.filter(pk=record_id).exclude(file="").first()
    if record is None:
        return None
    if (teacher is not None and record.teacher_id == teacher.pk) or user.has_perm("development.view_courserecord"):
        return record
    return None


def course_offer_list_upcoming(
    *, competence_codes: Iterable[str] | None = None, limit: int = 20, on: datetime.date | None = None
) -> list[CourseOffer]:
    """Course offers not yet started, soonest first, optionally in some competence areas."""
    queryset = CourseOffer.objects.filter(start_date__gte=on or timezone.localdate())
    codes = list(competence_codes or [])
    if codes:
        queryset = queryset.filter(competence_areas__code__in=codes).distinct()
    return list(queryset.prefetch_related("competence_areas").order_by("start_date", "pk")[:limit])


# Diagnostics -----------------------------------------------------------------------------------


def diagnostic_list(*, teacher: Teacher | None = None) -> QuerySet[Diagnostic]:
    queryset = Diagnostic.objects.select_related("teacher").prefetch_related(
        Prefetch("results", queryset=DiagnosticResult.objects.select_related("area").order_by("sort_order", "pk"))
    )
    if teacher is not None:
        queryset = queryset.filter(teacher=teacher)
    return queryset.order_by("-held_on", "-pk")


# Suggestions (004 §3.3.3) ----------------------------------------------------------------------


@dataclass
class DeficitSuggestion:
    """What addresses one deficit: upcoming municipal events, unified-calendar events, course offers."""

    deficit: Deficit
    events: list[Any] = field(default_factory=list)
    regional_events: list[Any] = field(default_factory=list)
    course_offers: list[CourseOffer] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.regional_events or self.course_offers)


def deficit_suggestions(
    deficits: Sequence[Deficit], *, limit: int = SUGGESTIONS_PER_KIND, until: datetime.date | None = None
) -> list[DeficitSuggestion]:
    """For each deficit, what is coming up in its competence area (matched by the area's code).

    Public municipal events, events of the region's unified calendar
    (004 §3.3.2) and the municipality's course offers; ``until`` drops what starts later.
    """
    suggestions = []
    for deficit in deficits:
        codes = [deficit.area.code]
        events = event_list_upcoming(competence_codes=codes, limit=limit)
        regional = regional_event_list_upcoming(competence_codes=codes, limit=limit)
        offers = course_offer_list_upcoming(competence_codes=codes, limit=limit)
        if until is not None:
            events = [e for e in events if timezone.localdate(e.starts_at) <= until]
            regional = [r for r in regional if r.starts_on <= until]
            offers = [o for o in offers if o.start_date <= until]
        suggestions.append(DeficitSuggestion(deficit, events, regional, offers))
    return suggestions


# The teacher's card ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeacherGrowth:
    """Everything about one teacher's growth: for the teacher's page and the staff's card."""

    teacher: Teacher
    pd_status: PdStatus
    pd_due: datetime.date | None
    last_course_end: datetime.date | None
    courses: list[CourseRecord]
    diagnostics: list[Diagnostic]
    deficits: list[Deficit]
    routes: list[LearningRoute]
    suggestions: list[DeficitSuggestion]
    contests: list[TeacherContestRecord] = field(default_factory=list)  # written by the contests app


def teacher_growth(
    *, teacher: Teacher, on: datetime.date | None = None, with_suggestions: bool = True
) -> TeacherGrowth:
    annotated = teacher_pd_get(teacher=teacher, on=on)
    deficits = list(deficit_list(teacher=teacher))
    open_deficits = [d for d in deficits if d.status == DeficitStatus.OPEN]
    return TeacherGrowth(
        teacher=annotated,
        pd_status=PdStatus(annotated.pd_status),
        pd_due=annotated.pd_due,
        last_course_end=annotated.last_course_end,
        courses=list(course_record_list(teacher=teacher)),
        diagnostics=list(diagnostic_list(teacher=teacher)),
        deficits=deficits,
        routes=list(learning_route_list(teacher=teacher)),
        suggestions=deficit_suggestions(open_deficits) if with_suggestions else [],
        contests=teacher_contest_records(teacher.pk),
    )


def teacher_for_user(user: User | AnonymousUser) -> Teacher | None:
    """The teacher record this account is linked to in the municipality in use (the first, if several)."""
    if not user.is_authenticated:
        return None
    return Teacher.objects.select_related("organisation").filter(user_id=user.pk).order_by("pk").first()
