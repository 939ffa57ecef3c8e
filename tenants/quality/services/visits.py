"""Writes of visits and lesson observations (004 §3.2 «посещение учебных занятий»).

A visit is created and edited through the audited actions (history and audit row); an observed
lesson with its marks by the municipality's criteria is written whole by
``observation_save`` (one audit row). A visit that is held may complete the programme measures
linked to it. Teachers' names are personal data: none of this reaches the region.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.municipalities.selectors import current_municipality
from tenants.quality.models import (
    LessonObservation,
    ObservationCriterion,
    ObservationMark,
    ObservationMarkValue,
    SupportProgramme,
    Visit,
)
from tenants.quality.services.programmes import measure_links_sync

VISIT_FIELDS = (
    "organisation",
    "visited_on",
    "observer",
    "purpose",
    "programme",
    "status",
    "findings",
    "recommendations",
    "follow_up",
    "follow_up_due",
    "follow_up_done_on",
)


def _require(acting_user: ActingUser, permission: str, *, skip: bool) -> None:
    if not skip and (acting_user is None or not acting_user.has_perm(permission)):
        raise PermissionDenied(_("Нет права на это действие."))


@transaction.atomic
def visit_create(*, acting_user: ActingUser, skip_permission_checks: bool = False, **values: Any) -> Visit:
    _require(acting_user, "quality.add_visit", skip=skip_permission_checks)
    unknown = set(values) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    visit = Visit(**values)
    visit.full_clean()
    audited_create(visit, acting_user=acting_user)
    visit_saved(visit)
    return visit


@transaction.atomic
def visit_update(
    *, visit: Visit, acting_user: ActingUser, data: Mapping[str, Any], skip_permission_checks: bool = False
) -> Visit:
    _require(acting_user, "quality.change_visit", skip=skip_permission_checks)
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    visit.full_clean()
    audited_update(visit, acting_user=acting_user)
    visit_saved(visit)
    return visit


def visit_saved(visit: Visit) -> None:
    """After a visit is written (service or admin form): measures linked to it may be done."""
    if visit.programme_id is not None:
        measure_links_sync(programmes=SupportProgramme.objects.filter(pk=visit.programme_id))


@transaction.atomic
def visit_delete(*, visit: Visit, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    _require(acting_user, "quality.delete_visit", skip=skip_permission_checks)
    audited_delete(visit, acting_user=acting_user)


@dataclass(frozen=True)
class MarkData:
    criterion: ObservationCriterion
    mark: int
    comment: str = ""


@transaction.atomic
def observation_save(
    *,
    visit: Visit,
    acting_user: ActingUser,
    teacher: Any,
    marks: list[MarkData],
    observation: LessonObservation | None = None,
    subject: Any = None,
    grade: int | None = None,
    class_letter: str = "",
    topic: str = "",
    recommendations: str = "",
    skip_permission_checks: bool = False,
) -> LessonObservation:
    """Write one observed lesson with its marks (a mark per criterion, 0–2), new or changed."""
    _require(acting_user, "quality.change_visit", skip=skip_permission_checks)
    if observation is not None and observation.visit_id != visit.pk:
        raise ValidationError(_("Наблюдение относится к другому посещению."))
    created = observation is None
    observation = observation or LessonObservation(visit=visit)
    observation.teacher = teacher
    observation.subject = subject
    observation.grade = grade
    observation.class_letter = class_letter.strip().upper()
    observation.topic = topic
    observation.recommendations = recommendations
    observation.full_clean()
    bad = [m for m in marks if m.mark not in ObservationMarkValue.values]
    if bad:
        raise ValidationError(_("Оценка по критерию — 0, 1 или 2."))
    observation.save()
    observation.marks.all().delete()
    ObservationMark.objects.bulk_create(
        ObservationMark(observation=observation, criterion=m.criterion, mark=m.mark, comment=m.comment) for m in marks
    )
    audit_record(
        action="lesson_observation.create" if created else "lesson_observation.update",
        acting_user=acting_user,
        municipality=current_municipality(),
        target=f"visit#{visit.pk}: {visit}",
        data={"observation": observation.pk, "marks": len(marks)},
    )
    return observation


@transaction.atomic
def observation_delete(
    *, observation: LessonObservation, acting_user: ActingUser, skip_permission_checks: bool = False
) -> None:
    _require(acting_user, "quality.change_visit", skip=skip_permission_checks)
    visit = observation.visit
    pk = observation.pk
    observation.delete()
    audit_record(
        action="lesson_observation.delete",
        acting_user=acting_user,
        municipality=current_municipality(),
        target=f"visit#{visit.pk}: {visit}",
        data={"observation": pk},
    )


def visit_follow_up_done(*, visit: Visit, acting_user: ActingUser, on: datetime.date) -> Visit:
    """Mark the visit's follow-up done on a day."""
    return visit_update(visit=visit, acting_user=acting_user, data={"follow_up_done_on": on})
