"""The school's methodological associations (ШМО) kept by the school's coordinator (issue 15 §1;
004 §3.2 — the schools' methodological services are part of the regional system; 002 table 1 —
the school level forms its ШМО, appoints their leaders and approves their plans; 003 §3.4).

A ШМО is a ``bodies.Body`` of the school kind bound to its organisation. The coordinator of that
organisation creates and edits its ШМО, sets each year's leader (a teacher of the school) and keeps
the year's plan; nothing of another organisation, and no other kind of body. Every read goes
through :func:`coordinator_association_get` ("missing" and "not yours" alike: None), every write
checks the binding in the service itself.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMembership, BodyYear, MemberRole
from tenants.bodies.services import (
    body_create,
    body_membership_create,
    body_membership_update,
    body_update,
    body_year_save,
)
from tenants.leadership.models import LEADER_EDITABLE, BodyYearReview, ReviewPart
from tenants.organisations.models import Organisation
from tenants.organisations.selectors import user_coordinated_organisation, user_coordinates
from tenants.people.models import Subject, Teacher

# What the coordinator edits of a ШМО; the kind and the organisation never change here.
ASSOCIATION_FIELDS = frozenset({"name", "description", "subject", "category", "topic", "goal", "until_year"})


# Reads ------------------------------------------------------------------------------------------


def coordinator_associations(user: ActingUser) -> QuerySet[Body]:
    """The ШМО of the organisation ``user`` coordinates here; none for anybody else."""
    organisation = user_coordinated_organisation(user)
    if organisation is None:
        return Body.objects.none()
    return (
        Body.objects.filter(kind=BodyKind.SCHOOL_ASSOCIATION, organisation=organisation)
        .select_related("subject", "organisation")
        .order_by("name")
    )


def coordinator_association_get(user: ActingUser, body_id: int) -> Body | None:
    return coordinator_associations(user).filter(pk=body_id).first()


def school_teachers(organisation: Organisation) -> QuerySet[Teacher]:
    """The teachers of the school: the ones a ШМО is made of and led by."""
    return (
        Teacher.objects.filter(organisation=organisation)
        .select_related("organisation")
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def association_leader_membership(*, body: Body, academic_year: AcademicYear) -> BodyMembership | None:
    return (
        BodyMembership.objects.filter(body=body, academic_year=academic_year.start, role=MemberRole.LEADER)
        .select_related("teacher")
        .first()
    )


def plan_review(body_year: BodyYear | None) -> BodyYearReview | None:
    if body_year is None or body_year.pk is None:
        return None
    return BodyYearReview.objects.filter(body_year=body_year, part=ReviewPart.PLAN).first()


def plan_editable(body_year: BodyYear | None) -> bool:
    """A plan the ШМО's leader sent to the methodologist, or one approved, waits or stays as it is."""
    review = plan_review(body_year)
    return review is None or review.status in LEADER_EDITABLE


# Writes -----------------------------------------------------------------------------------------


def _coordinator_check(acting_user: ActingUser, organisation: Organisation | int | None) -> None:
    if organisation is None or not user_coordinates(acting_user, organisation):
        raise PermissionDenied


def _association_check(acting_user: ActingUser, body: Body) -> None:
    if body.kind != BodyKind.SCHOOL_ASSOCIATION:
        raise PermissionDenied
    _coordinator_check(acting_user, body.organisation_id)


@transaction.atomic
def coordinator_association_create(
    *,
    organisation: Organisation,
    name: str,
    since_year: AcademicYear,
    acting_user: ActingUser,
    subject: Subject | None = None,
    category: str = "",
    topic: str = "",
    goal: str = "",
    description: str = "",
    leader: Teacher | None = None,
) -> Body:
    """Create a ШМО of the coordinator's school; ``leader`` (a teacher of the school) leads it in
    ``since_year``."""
    _coordinator_check(acting_user, organisation)
    if leader is not None and leader.organisation_id != organisation.pk:
        raise ValidationError({"leader": _("Руководитель ШМО — педагог этой школы.")})
    return body_create(
        kind=BodyKind.SCHOOL_ASSOCIATION,
        name=name,
        since_year=since_year,
        organisation=organisation,
        subject=subject,
        category=category,
        topic=topic,
        goal=goal,
        description=description,
        head=leader,
        acting_user=acting_user,
    )


@transaction.atomic
def coordinator_association_update(*, body: Body, acting_user: ActingUser, **fields: Any) -> Body:
    """Change what the ШМО is: its name, subject or category, topic, goal, the year it ends."""
    _association_check(acting_user, body)
    unknown = set(fields) - ASSOCIATION_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    return body_update(body=body, acting_user=acting_user, **fields)


@transaction.atomic
def coordinator_association_leader_set(
    *, body: Body, academic_year: AcademicYear, teacher: Teacher, acting_user: ActingUser
) -> BodyMembership:
    """Make ``teacher`` the ШМО's leader for the year (002 table 1: the school appoints them).

    The one who led it until now stays in the composition as a member; a teacher already in the
    composition becomes its leader. The same teacher again changes nothing.
    """
    _association_check(acting_user, body)
    if teacher.organisation_id != body.organisation_id:
        raise ValidationError({"teacher": _("Руководитель ШМО — педагог этой школы.")})
    # Locks the body's row: two coordinators at once wait for each other.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    current = association_leader_membership(body=body, academic_year=academic_year)
    if current is not None and current.teacher_id == teacher.pk:
        return current
    if current is not None:
        body_membership_update(membership=current, role=MemberRole.MEMBER, acting_user=acting_user)
    existing = BodyMembership.objects.filter(body=body, academic_year=academic_year.start, teacher=teacher).first()
    if existing is not None:
        membership = body_membership_update(membership=existing, role=MemberRole.LEADER, acting_user=acting_user)
    else:
        membership = body_membership_create(
            body=body, academic_year=academic_year, teacher=teacher, role=MemberRole.LEADER, acting_user=acting_user
        )
    audit_record_municipal(
        action="school_association.leader_set",
        acting_user=acting_user,
        target=f"body#{body.pk}: {body}",
        data={
            "body": body.pk,
            "year": academic_year.label,
            "teacher": teacher.pk,
            "previous": current.teacher_id if current is not None else None,
        },
    )
    return membership


@transaction.atomic
def coordinator_association_plan_save(
    *,
    body: Body,
    academic_year: AcademicYear,
    acting_user: ActingUser,
    plan_text: str,
    plan_file: File | None = None,
) -> BodyYear:
    """Keep the ШМО's plan of work for the year (text, a file or both). A plan its leader has sent
    to the methodologist, or one approved, is not changed."""
    _association_check(acting_user, body)
    body_year = BodyYear.objects.filter(body=body, academic_year=academic_year.start).first()
    if not plan_editable(body_year):
        review = plan_review(body_year)
        raise ValidationError(
            _("План сейчас не меняется: статус «%(status)s».")
            % {"status": review.get_status_display() if review else ""}
        )
    fields: dict[str, Any] = {"plan_text": plan_text}
    if plan_file is not None:
        fields["plan_file"] = plan_file
    return body_year_save(body=body, academic_year=academic_year, acting_user=acting_user, **fields)
