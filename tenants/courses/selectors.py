"""Reads of course offers and applications, scoped to who asks.

* the public site sees the public offers to come (never a name);
* a teacher sees their own applications (``teacher_for_user``: their record in this municipality);
* the service's methodologists and head see every application of the municipality;
* the coordinator of a school sees and decides the applications of their own school's teachers
  (``organisations_coordinated_by``); a school without a coordinator is decided by the service.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.courses.models import ACTIVE_STATUSES, ApplicationStatus, CourseApplication
from tenants.development.models import CourseOffer
from tenants.municipalities.schemas import schema_active
from tenants.organisations.selectors import (
    organisation_coordinator_ids,
    user_coordinated_organisation,
    user_coordinates,
)
from tenants.people.models import Teacher

# The service's side: the offer register, every application, the quota list (000 §2.3.3).
MANAGER_ROLES = frozenset({Role.METHODOLOGIST, Role.HEAD})
VIEW_PERMISSION = "courses.view_courseapplication"


def user_manages_courses(user: object) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return bool(user_roles(user).in_municipality(schema_active()) & MANAGER_ROLES)


def organisations_coordinated_by(user: object) -> set[int]:
    """Ids of the organisations whose school coordinator ``user`` is, in the municipality in use
    (one at most: ``organisations.SchoolCoordinator``)."""
    if not isinstance(user, User):
        return set()
    organisation = user_coordinated_organisation(user)
    return {organisation.pk} if organisation is not None else set()


def user_may_decide(user: object, application: CourseApplication) -> bool:
    """The coordinator of the teacher's organisation confirms or declines (the school releases its
    teacher); for a school without a coordinator, the service's methodologists and head do."""
    if not isinstance(user, User):
        return False
    organisation_id = application.teacher.organisation_id
    if user_coordinates(user, organisation_id):
        return True
    return user_manages_courses(user) and not organisation_coordinator_ids(organisation_id)


def user_sees_applications(user: object) -> bool:
    return user_manages_courses(user) or bool(organisations_coordinated_by(user))


def application_list_for(
    user: object, *, status: str = "", offer_id: int | None = None, organisation_id: int | None = None
) -> QuerySet[CourseApplication]:
    """The applications ``user`` may see (none for anyone else), filtered."""
    queryset = CourseApplication.objects.select_related("offer", "teacher", "teacher__organisation")
    if not user_manages_courses(user):
        queryset = queryset.filter(teacher__organisation_id__in=organisations_coordinated_by(user))
    if status:
        queryset = queryset.filter(status=status)
    if offer_id:
        queryset = queryset.filter(offer_id=offer_id)
    if organisation_id:
        queryset = queryset.filter(teacher__organisation_id=organisation_id)
    return queryset.order_by("offer__start_date", "offer_id", "teacher__last_name", "teacher__first_name", "pk")


def application_for(user: object, pk: int) -> CourseApplication | None:
    """One application ``user`` may see; someone else's answers like a missing one."""
    return application_list_for(user).filter(pk=pk).first()


def application_list_of_teacher(teacher: Teacher) -> QuerySet[CourseApplication]:
    return (
        CourseApplication.objects.filter(teacher=teacher)
        .select_related("offer")
        .order_by("-offer__start_date", "-submitted_at")
    )


def application_of_teacher(teacher: Teacher, pk: int) -> CourseApplication | None:
    return application_list_of_teacher(teacher).filter(pk=pk).first()


def application_active(*, offer: CourseOffer, teacher: Teacher) -> CourseApplication | None:
    return CourseApplication.objects.filter(offer=offer, teacher=teacher, status__in=ACTIVE_STATUSES).first()


def listed_count(offer: CourseOffer) -> int:
    return offer.applications.filter(status__in=(ApplicationStatus.LISTED, ApplicationStatus.COMPLETED)).count()


def offer_is_full(offer: CourseOffer) -> bool:
    """The quota list holds as many teachers as the offer has places."""
    return offer.quota is not None and listed_count(offer) >= offer.quota


def _upcoming(on: datetime.date | None = None) -> QuerySet[CourseOffer]:
    return CourseOffer.objects.filter(end_date__gte=on or timezone.localdate())


def offer_public_list(on: datetime.date | None = None) -> QuerySet[CourseOffer]:
    """Public offers not yet over, soonest first."""
    return _upcoming(on).filter(is_public=True).prefetch_related("competence_areas").order_by("start_date", "pk")


def offer_public_get(*, pk: int) -> CourseOffer | None:
    return offer_public_list().filter(pk=pk).first()


def offer_open_list(on: datetime.date | None = None) -> list[CourseOffer]:
    """Offers a teacher may apply to now (a quota, within the application period, a place left)."""
    on = on or timezone.localdate()
    offers = (
        CourseOffer.objects.filter(quota__isnull=False, completed_at__isnull=True, start_date__gt=on)
        .annotate(listed=Count("applications", filter=Q(applications__status=ApplicationStatus.LISTED)))
        .order_by("start_date", "pk")
    )
    return [o for o in offers if o.applications_open(on) and o.listed < (o.quota or 0)]


def offer_for_application(*, pk: int) -> CourseOffer | None:
    """An offer taking applications, public or not (a teacher may be sent the link)."""
    return CourseOffer.objects.filter(pk=pk, quota__isnull=False).first()


@dataclass(frozen=True)
class OfferFill:
    offer: CourseOffer
    submitted: int
    confirmed: int
    declined: int
    listed: int
    completed: int

    @property
    def places_left(self) -> int:
        return max((self.offer.quota or 0) - self.listed - self.completed, 0)


def offer_fill_list(*, with_past: bool = False) -> list[OfferFill]:
    """Offers taking applications with their counts by status (one query)."""
    counts = {
        status: Count("applications", filter=Q(applications__status=status))
        for status in ("submitted", "confirmed", "declined", "listed", "completed")
    }
    queryset: QuerySet[Any] = CourseOffer.objects.filter(quota__isnull=False).annotate(**counts)
    if not with_past:
        queryset = queryset.filter(Q(completed_at__isnull=True) | Q(end_date__gte=timezone.localdate()))
    return [
        OfferFill(
            offer=o,
            submitted=o.submitted,
            confirmed=o.confirmed,
            declined=o.declined,
            listed=o.listed,
            completed=o.completed,
        )
        for o in queryset.order_by("start_date", "pk")
    ]


def quota_candidates(offer: CourseOffer) -> list[CourseApplication]:
    """The applications the list is made from: listed ones first in their order, then the confirmed."""
    return list(
        offer.applications.filter(status__in=(ApplicationStatus.LISTED, ApplicationStatus.CONFIRMED))
        .select_related("teacher", "teacher__organisation")
        .order_by("list_position", "teacher__organisation__short_name", "teacher__last_name", "pk")
    )


def quota_list(offer: CourseOffer) -> list[CourseApplication]:
    """The list for the provider, in the methodologist's order."""
    return list(
        offer.applications.filter(status__in=(ApplicationStatus.LISTED, ApplicationStatus.COMPLETED))
        .select_related("teacher", "teacher__organisation")
        .prefetch_related("teacher__subjects")
        .order_by("list_position", "pk")
    )


def offers_due_for_completion(on: datetime.date | None = None) -> QuerySet[CourseOffer]:
    """Offers whose course has ended and whose records are not written yet."""
    return CourseOffer.objects.filter(
        quota__isnull=False, completed_at__isnull=True, end_date__lt=on or timezone.localdate()
    )
