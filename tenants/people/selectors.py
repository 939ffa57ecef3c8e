"""Reads of the municipality's teachers and service staff (personal data: this municipality's staff only)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.selectors import municipality_people
from tenants.imports.cells import normalised
from tenants.municipalities.selectors import current_municipality
from tenants.people.models import Methodologist, ResponsibilityArea, Subject, Teacher, young_teacher_threshold

TEACHER_SEARCH_FIELDS = ("last_name", "first_name", "middle_name", "position", "email", "organisation__short_name")


def teacher_young_q(on: datetime.date | None = None) -> Q:
    """Teachers who are young on ``on`` (today), as in :meth:`Teacher.is_young`."""
    return Q(teaching_since__gt=young_teacher_threshold(on))


def teacher_list(
    *,
    organisation_id: int | None = None,
    subject_id: int | None = None,
    qualification_category: str | None = None,
    staff_kind: str | None = None,
    young: bool | None = None,
    search: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Teacher]:
    qs = Teacher.objects.select_related("organisation")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if subject_id is not None:
        qs = qs.filter(subjects=subject_id)
    if qualification_category:
        qs = qs.filter(qualification_category=qualification_category)
    if staff_kind:
        qs = qs.filter(staff_kind=staff_kind)
    if young is True:
        qs = qs.filter(teacher_young_q(on))
    elif young is False:
        qs = qs.exclude(teacher_young_q(on))
    return teacher_search(qs, search).order_by("last_name", "first_name", "middle_name", "pk")


def teacher_search(queryset: QuerySet[Teacher], query: str) -> QuerySet[Teacher]:
    """Every word of ``query`` in a name, the position, the e-mail or the organisation ("Иванова СОШ")."""
    for word in query.split():
        match = Q()
        for name in TEACHER_SEARCH_FIELDS:
            match |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def teacher_get(*, teacher_id: int) -> Teacher | None:
    return Teacher.objects.select_related("organisation").filter(pk=teacher_id).first()


def subject_list() -> QuerySet[Subject]:
    return Subject.objects.order_by("name")


def subject_lookup() -> dict[str, Subject]:
    """Subjects by their normalised name (case and «ё» do not matter)."""
    return {normalised(subject.name): subject for subject in Subject.objects.all()}


def responsibility_area_list() -> QuerySet[ResponsibilityArea]:
    return ResponsibilityArea.objects.order_by("name")


def methodologist_list() -> QuerySet[Methodologist]:
    return Methodologist.objects.select_related("user").prefetch_related("areas")


def head_of_service() -> Methodologist | None:
    """The methodologist who heads the service (001 §3.7), if one is marked."""
    return methodologist_list().filter(is_head=True).first()


def service_staff_accounts() -> QuerySet[User]:
    """Accounts that can be the service's methodologists here: this municipality's methodologists and heads."""
    municipality = current_municipality()
    if municipality is None:
        return User.objects.none()
    return municipality_people(municipality_id=municipality.pk, roles=(Role.METHODOLOGIST, Role.HEAD))


def teacher_accounts() -> QuerySet[User]:
    """Accounts a teacher record can be linked to: people with a role in this municipality."""
    municipality = current_municipality()
    if municipality is None:
        return User.objects.none()
    return municipality_people(municipality_id=municipality.pk)
