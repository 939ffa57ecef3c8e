"""Reads of the municipality's bodies. Everything here runs in the municipality's own schema."""

from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from accounts.models import ActingUser
from tenants.academic_years import AcademicYear
from tenants.bodies.models import (
    ROLE_ORDER,
    AssociationLeader,
    Body,
    BodyMaterial,
    BodyMeeting,
    BodyMembership,
    BodyYear,
)


def body_active_in_year_q(year: AcademicYear, prefix: str = "") -> Q:
    return Q(**{f"{prefix}since_year__lte": year.start}) & (
        Q(**{f"{prefix}until_year__isnull": True}) | Q(**{f"{prefix}until_year__gte": year.start})
    )


def body_list(
    *,
    kind: str | None = None,
    academic_year: AcademicYear | None = None,
    subject_id: int | None = None,
    search: str | None = None,
) -> QuerySet[Body]:
    qs = Body.objects.select_related("subject", "organisation")
    if kind:
        qs = qs.filter(kind=kind)
    if academic_year is not None:
        qs = qs.filter(body_active_in_year_q(academic_year))
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(topic__icontains=search)
            | Q(category__icontains=search)
            | Q(subject__name__icontains=search)
        )
    return qs.order_by("kind", "name")


def meetings_in_year_q(year: AcademicYear, prefix: str = "") -> Q:
    return Q(**{f"{prefix}date__gte": year.first_day, f"{prefix}date__lte": year.last_day})


def role_rank() -> Case:
    return Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)),
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )


def body_composition(*, body: Body, academic_year: AcademicYear) -> QuerySet[BodyMembership]:
    """The body's members in one academic year: who heads it first, then the secretary, then the rest."""
    return (
        BodyMembership.objects.filter(body=body, academic_year=academic_year.start)
        .select_related("teacher", "teacher__organisation", "user")
        .annotate(role_rank=role_rank())
        .order_by("role_rank", "teacher__last_name", "teacher__first_name", "user__last_name", "pk")
    )


def body_head(*, body: Body, academic_year: AcademicYear) -> BodyMembership | None:
    return (
        BodyMembership.objects.filter(body=body, academic_year=academic_year.start, role=body.head_role)
        .select_related("teacher", "user")
        .first()
    )


def body_meetings(*, body: Body, academic_year: AcademicYear | None = None) -> QuerySet[BodyMeeting]:
    qs = BodyMeeting.objects.filter(body=body)
    if academic_year is not None:
        qs = qs.filter(meetings_in_year_q(academic_year))
    return qs.order_by("date", "pk")


def body_materials(*, body: Body, academic_year: AcademicYear) -> QuerySet[BodyMaterial]:
    """The materials of the body's year, newest first."""
    return (
        BodyMaterial.objects.filter(body=body, academic_year=academic_year.start)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )


def body_year_get(*, body: Body, academic_year: AcademicYear) -> BodyYear | None:
    return BodyYear.objects.filter(body=body, academic_year=academic_year.start).first()


def body_years_known(*, body: Body) -> list[AcademicYear]:
    """Every academic year the body has data for, plus the current one while it works, newest first."""
    years = set(BodyMembership.objects.filter(body=body).values_list("academic_year", flat=True))
    years |= set(BodyYear.objects.filter(body=body).values_list("academic_year", flat=True))
    years |= {AcademicYear.of(d).start for d in BodyMeeting.objects.filter(body=body).values_list("date", flat=True)}
    current = AcademicYear.current()
    if body.is_active_in(current):
        years.add(current.start)
    years.add(body.since_year)
    return [AcademicYear(y) for y in sorted(years, reverse=True)]


def body_default_year(*, body: Body) -> AcademicYear:
    """The year a body's page opens on: the current one while it works, else its last."""
    current = AcademicYear.current()
    if body.is_active_in(current):
        return current
    if body.until_year is not None and body.until_year < current.start:
        return AcademicYear(body.until_year)
    return AcademicYear(body.since_year)


def membership_list(
    *, body_id: int | None = None, academic_year: AcademicYear | None = None
) -> QuerySet[BodyMembership]:
    qs = BodyMembership.objects.select_related("body", "teacher", "user")
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year.start)
    return qs


def meeting_without_minutes_q(today: datetime.date) -> Q:
    """Meetings of this academic year already held whose minutes are not uploaded (002 table 2)."""
    return meetings_in_year_q(AcademicYear.of(today)) & Q(date__lte=today) & (Q(minutes="") | Q(minutes__isnull=True))


# Association leaders (issue 15 §1). Other apps and the admin's scoping ask these.


def user_led_body_ids(user: ActingUser) -> set[int]:
    """Ids of the bodies ``user`` leads in the municipality whose schema is in use."""
    if user is None or not user.is_authenticated:
        return set()
    return set(AssociationLeader.objects.filter(user_id=user.pk).values_list("body_id", flat=True))


def user_leads(user: ActingUser, body: Body | int) -> bool:
    if user is None or not user.is_authenticated:
        return False
    body_id = body if isinstance(body, int) else body.pk
    return AssociationLeader.objects.filter(user_id=user.pk, body_id=body_id).exists()


def body_leader_ids(body: Body | int) -> list[int]:
    """Ids of the accounts that keep ``body``'s year."""
    body_id = body if isinstance(body, int) else body.pk
    return list(AssociationLeader.objects.filter(body_id=body_id).order_by("pk").values_list("user_id", flat=True))


def association_leader_list(*, body: Body | None = None) -> QuerySet[AssociationLeader]:
    qs = AssociationLeader.objects.select_related("body", "user")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("body__name", "user__last_name", "pk")
