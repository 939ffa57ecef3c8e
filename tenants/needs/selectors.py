"""Reads of needs questionnaires in the schema in use.

Recipients are teachers of this municipality's register only (``tenants.people``): the schema
holds no other. A personal link is resolved only when its signature was made for this schema.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from tenants.needs.links import link_key_from_token
from tenants.needs.models import Questionnaire, QuestionnaireStatus, Recipient
from tenants.people.models import Teacher

VIEW_PERMISSION = "needs.view_questionnaire"
CHANGE_PERMISSION = "needs.change_questionnaire"


def teacher_list_for_sending(
    *,
    organisation_ids: Iterable[int] = (),
    subject_ids: Iterable[int] = (),
    staff_kinds: Iterable[str] = (),
    categories: Iterable[str] = (),
) -> QuerySet[Teacher]:
    """Teachers matching every filter given (each filter: any of its values); none given: all."""
    queryset = Teacher.objects.select_related("organisation")
    if organisation_ids := list(organisation_ids):
        queryset = queryset.filter(organisation_id__in=organisation_ids)
    if subject_ids := list(subject_ids):
        queryset = queryset.filter(subjects__in=subject_ids).distinct()
    if staff_kinds := list(staff_kinds):
        queryset = queryset.filter(staff_kind__in=staff_kinds)
    if categories := list(categories):
        queryset = queryset.filter(qualification_category__in=categories)
    return queryset.order_by("last_name", "first_name", "middle_name", "pk")


def recipient_by_token(token: str) -> Recipient | None:
    """The recipient of a personal link signed for this municipality, or None (forged, foreign)."""
    key = link_key_from_token(token)
    if key is None:
        return None
    return Recipient.objects.select_related("questionnaire", "teacher").filter(link_key=key).first()


def _teachers_of(user: User) -> QuerySet[Teacher]:
    return Teacher.objects.filter(user_id=user.pk)


def recipient_list_of_user(user: User, *, today: datetime.date | None = None) -> QuerySet[Recipient]:
    """The signed-in person's questionnaires in this municipality (sent to their teacher records)."""
    return (
        Recipient.objects.filter(teacher__in=_teachers_of(user))
        .exclude(questionnaire__status=QuestionnaireStatus.DRAFT)
        .select_related("questionnaire")
        .order_by("answered", "-questionnaire__sent_at", "pk")
    )


def recipient_of_user(user: User, pk: int) -> Recipient | None:
    return recipient_list_of_user(user).filter(pk=pk).first()


def waiting_q(today: datetime.date) -> Q:
    return Q(answered=False, questionnaire__status=QuestionnaireStatus.OPEN, questionnaire__closes_on__gte=today)


def waiting_count_of_user(user: User, *, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return Recipient.objects.filter(waiting_q(today), teacher__in=_teachers_of(user)).count()


def questionnaire_open_counts(*, today: datetime.date | None = None) -> dict[str, int]:
    """Questionnaires taking answers and the answers they have (1 query), for the staff home."""
    today = today or timezone.localdate()
    counts = Questionnaire.objects.filter(status=QuestionnaireStatus.OPEN, closes_on__gte=today).aggregate(
        open=Count("pk", distinct=True),
        answered=Count("recipients", filter=Q(recipients__answered=True)),
        recipients=Count("recipients"),
    )
    return {key: value or 0 for key, value in counts.items()}


def questionnaire_list() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.annotate(
        recipients_count=Count("recipients", distinct=True),
        answered_count=Count("recipients", filter=Q(recipients__answered=True), distinct=True),
    )
