"""Reads of the leaders' workspace. Everything runs in the municipality's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from accounts.models import ActingUser
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tenants.bodies.selectors import body_active_in_year_q, body_composition, user_led_body_ids
from tenants.development.models import Deficit, DeficitStatus
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import PdSummary, pd_summary, teacher_pd_list
from tenants.leadership.models import BodyYearReview, ReviewPart, ReviewStatus
from tenants.organisations.models import Organisation
from tenants.quality.models import SupportProgramme, Visit
from tenants.quality.selectors.programmes import programme_list
from tenants.quality.selectors.visits import visit_list


def leader_bodies(user: ActingUser) -> QuerySet[Body]:
    """The bodies ``user`` leads here, and nothing else."""
    return (
        Body.objects.filter(pk__in=user_led_body_ids(user)).select_related("subject", "organisation").order_by("name")
    )


def leader_body_get(user: ActingUser, body_id: int) -> Body | None:
    """The body, if ``user`` leads it; None for "missing" and "not yours" alike."""
    return leader_bodies(user).filter(pk=body_id).first()


@dataclass
class LeaderYear:
    body: Body
    year: AcademicYear
    body_year: BodyYear | None
    composition: list = field(default_factory=list)
    meetings: list[BodyMeeting] = field(default_factory=list)
    reviews: dict[str, BodyYearReview | None] = field(default_factory=dict)


def leader_year(*, body: Body, year: AcademicYear) -> LeaderYear:
    body_year = BodyYear.objects.filter(body=body, academic_year=year.start).prefetch_related("plan_items").first()
    reviews: dict[str, BodyYearReview | None] = {p.value: None for p in ReviewPart}
    if body_year is not None:
        for review in BodyYearReview.objects.filter(body_year=body_year).prefetch_related("steps__user"):
            reviews[review.part] = review
    meetings = list(
        BodyMeeting.objects.filter(body=body, date__gte=year.first_day, date__lte=year.last_day).order_by("date")
    )
    return LeaderYear(
        body=body,
        year=year,
        body_year=body_year,
        composition=list(body_composition(body=body, academic_year=year)),
        meetings=meetings,
        reviews=reviews,
    )


def reviews_waiting() -> QuerySet[BodyYearReview]:
    """Plans and analyses on the methodologist's table."""
    return (
        BodyYearReview.objects.filter(status=ReviewStatus.SUBMITTED)
        .select_related("body_year__body")
        .order_by("updated_at", "pk")
    )


def review_list(*, status: str | None = None) -> QuerySet[BodyYearReview]:
    qs = BodyYearReview.objects.select_related("body_year__body").prefetch_related("steps__user")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "pk")


# The school's methodological card (issue 15 §1; 004 §3.2, 002 table 1) -------------------------


@dataclass
class SchoolAssociationRow:
    body: Body
    head: Any
    body_year: BodyYear | None
    plan_review: BodyYearReview | None


@dataclass
class SchoolCard:
    organisation: Organisation
    year: AcademicYear
    associations: list[SchoolAssociationRow]
    teachers: list[Any]  # annotated with pd_status, pd_due, last_course_end, open_deficits (names)
    pd: PdSummary
    programmes: list[SupportProgramme]
    visits: list[Visit]


def school_card(*, organisation: Organisation, year: AcademicYear | None = None) -> SchoolCard:
    """The card of one organisation: its ШМО with heads and plans, its teachers' PD and open
    deficits, its support programmes and visits. Only that organisation's rows are read."""
    year = year or AcademicYear.current()
    bodies = list(
        Body.objects.filter(kind=BodyKind.SCHOOL_ASSOCIATION, organisation=organisation)
        .filter(body_active_in_year_q(year))
        .order_by("name")
    )
    years = {y.body_id: y for y in BodyYear.objects.filter(body__in=bodies, academic_year=year.start)}
    reviews = {
        r.body_year_id: r for r in BodyYearReview.objects.filter(body_year__in=years.values(), part=ReviewPart.PLAN)
    }
    heads = {
        m.body_id: m
        for m in BodyMembership.objects.filter(
            body__in=bodies, academic_year=year.start, role=MemberRole.LEADER
        ).select_related("teacher")
    }
    associations = [
        SchoolAssociationRow(
            body=b,
            head=heads.get(b.pk),
            body_year=years.get(b.pk),
            plan_review=reviews.get(years[b.pk].pk) if b.pk in years else None,
        )
        for b in bodies
    ]
    teachers = list(teacher_pd_list(organisation_id=organisation.pk))
    open_deficits: dict[int, list[str]] = {}
    for teacher_id, area in (
        Deficit.objects.filter(teacher__organisation=organisation, status=DeficitStatus.OPEN)
        .order_by("area__name")
        .values_list("teacher_id", "area__name")
    ):
        open_deficits.setdefault(teacher_id, []).append(area)
    for teacher in teachers:
        teacher.open_deficits = open_deficits.get(teacher.pk, [])
        teacher.pd_status_label = PdStatus(teacher.pd_status).label if teacher.pd_status else ""
    return SchoolCard(
        organisation=organisation,
        year=year,
        associations=associations,
        teachers=teachers,
        pd=pd_summary(organisation_id=organisation.pk),
        programmes=list(programme_list(organisation_id=organisation.pk)[:20]),
        visits=list(visit_list(organisation_id=organisation.pk)[:20]),
    )
