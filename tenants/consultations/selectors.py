"""Reads of consultations, in the schema in use (000 §2.3.4, 003 §4.4).

Requests carry personal data: the municipality's staff read them (region observers have no
permission on this app); a teacher reads only their own (:func:`consultation_list_of_requester`).
Methodologists work their own queue; the head of the service and the committee chair see all.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.consultations.models import OPEN_STATUSES, Consultation, overdue_q
from tenants.municipalities.schemas import schema_active
from tenants.people.models import Methodologist, ResponsibilityArea
from tenants.people.selectors import head_of_service

VIEW_PERMISSION = "consultations.view_consultation"
ANSWER_PERMISSION = "consultations.change_consultation"
# Roles that see every request of the municipality, not just their own queue.
SEES_ALL_ROLES = frozenset({Role.HEAD, Role.CHAIR})


def consultation_assignee_for(*, area: ResponsibilityArea | None) -> Methodologist | None:
    """Who answers a request about ``area`` (001 §3.7).

    The methodologist responsible for the area with the fewest open requests (ties: not the
    head, then the longest in the service); without one, the head of the service.
    """
    if area is not None:
        methodologists = list(Methodologist.objects.filter(areas=area).order_by("pk"))
        if methodologists:
            open_counts = dict(
                Consultation.objects.filter(assignee__in=methodologists, status__in=OPEN_STATUSES)
                .values("assignee")
                .annotate(n=Count("pk"))
                .values_list("assignee", "n")
            )
            return min(methodologists, key=lambda m: (open_counts.get(m.pk, 0), m.is_head, m.pk))
    return head_of_service()


def methodologist_of(user: User | AnonymousUser) -> Methodologist | None:
    if not user.is_authenticated:
        return None
    return Methodologist.objects.filter(user=user).first()


def user_sees_all_consultations(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user_roles(user).in_municipality(schema_active()) & SEES_ALL_ROLES:
        return True
    return Methodologist.objects.filter(user=user, is_head=True).exists()


def user_may_answer(user: User, consultation: Consultation) -> bool:
    """The assigned methodologist answers; the head of the service may answer anything."""
    if not user.has_perm(ANSWER_PERMISSION):
        return False
    if consultation.assignee is not None and consultation.assignee.user_id == user.pk:
        return True
    return _is_head(user)


def user_may_handle(user: User, consultation: Consultation) -> bool:
    """Assign or close: the head anything; a methodologist their own requests and the unassigned ones."""
    if not user.has_perm(ANSWER_PERMISSION):
        return False
    return consultation.assignee is None or user_may_answer(user, consultation)


def _is_head(user: User) -> bool:
    return (
        user_roles(user).has(Role.HEAD, schema_active())
        or Methodologist.objects.filter(user=user, is_head=True).exists()
    )


def consultation_list(
    *,
    status: str | None = None,
    area_id: int | None = None,
    assignee_id: int | None = None,
    overdue: bool | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("area", "assignee__user")
    if status:
        qs = qs.filter(status=status)
    if area_id is not None:
        qs = qs.filter(area_id=area_id)
    if assignee_id is not None:
        qs = qs.filter(assignee_id=assignee_id)
    if overdue is True:
        qs = qs.filter(overdue_q(today))
    elif overdue is False:
        qs = qs.exclude(overdue_q(today))
    return qs.order_by("-submitted_at", "-pk")


def consultation_queue(*, user: User | AnonymousUser) -> QuerySet[Consultation]:
    """What ``user`` sees in the admin: everything for the head and the chair; for a methodologist,
    the requests assigned to them and the new ones nobody has yet."""
    if not user.is_authenticated or not user.has_perm(VIEW_PERMISSION):
        return Consultation.objects.none()
    qs = consultation_list()
    if user_sees_all_consultations(user):
        return qs
    return qs.filter(Q(assignee__user=user) | Q(assignee__isnull=True))


def consultation_mine(*, user: User | AnonymousUser) -> QuerySet[Consultation]:
    """«Мои консультации»: open requests assigned to the methodologist signed in."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return consultation_list().filter(assignee__user=user, status__in=OPEN_STATUSES).order_by("due_on", "pk")


def consultation_list_of_requester(*, user: User | AnonymousUser) -> QuerySet[Consultation]:
    """A signed-in person's own requests in this municipality."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return Consultation.objects.select_related("area").filter(requester_user=user).order_by("-submitted_at", "-pk")


def consultation_of_requester(*, user: User | AnonymousUser, pk: int) -> Consultation | None:
    """One of the person's own requests; someone else's is «missing», the same as a wrong id."""
    return consultation_list_of_requester(user=user).filter(pk=pk).first()


def consultation_get(*, user: User | AnonymousUser, pk: int) -> Consultation | None:
    """A request from ``user``'s admin queue; outside it, None."""
    return consultation_queue(user=user).filter(pk=pk).first()


def consultation_directions() -> QuerySet[ResponsibilityArea]:
    """Directions a requester may choose: the areas some methodologist answers for."""
    return ResponsibilityArea.objects.filter(methodologists__isnull=False).distinct().order_by("name")
