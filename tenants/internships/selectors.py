"""Reads of the internship register: the public bank, a cohort, the teacher's own internships."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tenants.internships.models import (
    Enrolment,
    EnrolmentStatus,
    Internship,
    InternshipProgramme,
    InternshipSite,
)
from tenants.organisations.models import OrganisationSiteStatus, SiteKind
from tenants.people.models import Teacher


def _with_places(queryset: QuerySet[Internship]) -> QuerySet[Internship]:
    return queryset.annotate(taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)))


@dataclass
class PublicSite:
    site: InternshipSite
    programmes: list[InternshipProgramme]
    upcoming: list[Internship]


def internship_site_public_list(*, today: datetime.date | None = None) -> list[PublicSite]:
    """Public sites whose status is in force; their programmes and the internships still to come."""
    today = today or timezone.localdate()
    found = (
        InternshipSite.objects.filter(is_public=True, site_status__valid_from__lte=today)
        .filter(Q(site_status__valid_to__isnull=True) | Q(site_status__valid_to__gte=today))
        .select_related("organisation", "site_status")
        .prefetch_related(Prefetch("programmes", queryset=InternshipProgramme.objects.order_by("title", "pk")))
        .order_by("organisation__short_name", "pk")
    )
    sites = list(found)
    upcoming = (
        _with_places(Internship.objects.filter(programme__site__in=sites, cancelled=False, finished_on__isnull=True))
        .filter(ends_on__gte=today)
        .select_related("programme")
        .order_by("starts_on", "pk")
    )
    by_site: dict[int, list[Internship]] = {}
    for internship in upcoming:
        internship.free = max(internship.capacity - internship.taken, 0)  # type: ignore[attr-defined]
        by_site.setdefault(internship.programme.site_id, []).append(internship)
    return [PublicSite(site, list(site.programmes.all()), by_site.get(site.pk, [])) for site in sites]


def internship_with_places(*, pk: int) -> Internship | None:
    return _with_places(Internship.objects.select_related("programme__site__organisation")).filter(pk=pk).first()


def internship_cohort(*, internship: Internship) -> QuerySet[Enrolment]:
    return internship.enrolments.select_related("teacher__organisation", "team", "course_record").order_by(
        "status", "teacher__last_name", "teacher__first_name", "pk"
    )


def internships_open_for(*, teacher: Teacher, today: datetime.date | None = None) -> list[Internship]:
    """Internships taking applications with a free place, that the teacher has not applied to."""
    today = today or timezone.localdate()
    candidates = (
        _with_places(
            Internship.objects.filter(
                applications_open=True, cancelled=False, finished_on__isnull=True, starts_on__gt=today
            )
        )
        .exclude(enrolments__teacher=teacher)
        .select_related("programme__site__organisation")
        .order_by("starts_on", "pk")
    )
    return [i for i in candidates if i.taken < i.capacity]  # type: ignore[attr-defined]


def enrolments_of(*, teacher: Teacher) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(teacher=teacher)
        .select_related("internship__programme__site__organisation")
        .order_by("-internship__starts_on", "-pk")
    )


def site_statuses_without_card() -> QuerySet[OrganisationSiteStatus]:
    """«Стажировочная площадка» statuses of organisations with no site card in the register yet."""
    return OrganisationSiteStatus.objects.filter(kind=SiteKind.INTERNSHIP, internship_site__isnull=True).select_related(
        "organisation"
    )


def internships_attention(*, today: datetime.date) -> dict[str, int]:
    """In one query: applications waiting for an answer, and internships over (not cancelled) whose
    outcomes are not summed up yet."""
    return Internship.objects.filter(cancelled=False).aggregate(
        applications=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.APPLIED)),
        to_finish=Count("pk", filter=Q(ends_on__lt=today, finished_on__isnull=True), distinct=True),
    )
