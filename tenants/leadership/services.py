"""Writes of the leaders' workspace: the association's year kept by its leader, and the review of
its plan and analysis by the service's methodologist (issue 15 §1; 003 §5.1, 002 table 2).

Every write checks who acts against the binding (``tenants.bodies.selectors.user_leads``) or the
role, in the service itself, so a screen that forgot to check still cannot write.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser, Role
from accounts.selectors import user_roles
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyMaterial, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tenants.bodies.selectors import user_leads
from tenants.bodies.services import (
    body_material_add,
    body_material_delete,
    body_meeting_create,
    body_membership_create,
    body_membership_delete,
    body_membership_update,
    body_year_save,
)
from tenants.leadership.models import (
    LEADER_EDITABLE,
    BodyYearReview,
    BodyYearReviewStep,
    ReviewAction,
    ReviewPart,
    ReviewStatus,
)
from tenants.municipalities.schemas import schema_active
from tenants.people.models import Teacher

REVIEWER_ROLES = frozenset({Role.METHODOLOGIST, Role.HEAD})
PART_FIELDS = {ReviewPart.PLAN: ("plan_text", "plan_file"), ReviewPart.ANALYSIS: ("analysis_text", "analysis_file")}


def _leader_check(acting_user: ActingUser, body: Body) -> None:
    if not user_leads(acting_user, body):
        raise PermissionDenied


def _reviewer_check(acting_user: ActingUser) -> None:
    if acting_user is None or not user_roles(acting_user).in_municipality(schema_active()) & REVIEWER_ROLES:
        raise PermissionDenied


def review_get_or_create(*, body_year: BodyYear, part: str) -> BodyYearReview:
    review, _created = BodyYearReview.objects.get_or_create(body_year=body_year, part=part)
    return review


@transaction.atomic
def leader_year_save(
    *,
    body: Body,
    academic_year: AcademicYear,
    acting_user: ActingUser,
    plan_text: str | None = None,
    plan_file: File | None = None,
    analysis_text: str | None = None,
    analysis_file: File | None = None,
) -> BodyYear:
    """The leader writes the year's plan or analysis; a part on the methodologist's table or
    approved is not changed (it goes back to the leader only when returned)."""
    _leader_check(acting_user, body)
    existing = BodyYear.objects.filter(body=body, academic_year=academic_year.start).first()
    given = {
        "plan_text": plan_text,
        "plan_file": plan_file,
        "analysis_text": analysis_text,
        "analysis_file": analysis_file,
    }
    fields = {k: v for k, v in given.items() if v is not None}
    if existing is not None:
        for part, names in PART_FIELDS.items():
            review = BodyYearReview.objects.filter(body_year=existing, part=part).first()
            if review is not None and review.status not in LEADER_EDITABLE and set(names) & set(fields):
                raise ValidationError(
                    _("«%(part)s» сейчас не меняется: статус «%(status)s».")
                    % {"part": ReviewPart(part).label, "status": review.get_status_display()}
                )
    return body_year_save(body=body, academic_year=academic_year, acting_user=acting_user, **fields)


@transaction.atomic
def leader_meeting_add(
    *,
    body: Body,
    date: datetime.date,
    agenda: str,
    acting_user: ActingUser,
    number: str = "",
    minutes: File | None = None,
) -> BodyMeeting:
    """The leader records a meeting of their association with its minutes (002 table 2)."""
    _leader_check(acting_user, body)
    return body_meeting_create(
        body=body, date=date, agenda=agenda, number=number, minutes=minutes, acting_user=acting_user
    )


# The composition the leader keeps (002 table 2: the leader forms the association's composition for
# the year; the order approving it is the service's, 003 §3.3) -------------------------------------

# The roles a leader gives: a member or the secretary. Who heads the body is set by the service
# (``bodies`` screens) or, for a ШМО, by the school's coordinator.
LEADER_GIVEN_ROLES = (MemberRole.MEMBER, MemberRole.SECRETARY)


def _membership_check(acting_user: ActingUser, membership: BodyMembership) -> None:
    _leader_check(acting_user, membership.body)
    if membership.role not in LEADER_GIVEN_ROLES:
        raise ValidationError(_("Руководителя в составе меняет методист, а в ШМО — координатор школы."))


@transaction.atomic
def leader_member_add(
    *,
    body: Body,
    academic_year: AcademicYear,
    teacher: Teacher,
    acting_user: ActingUser,
    role: str = MemberRole.MEMBER,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    position_note: str = "",
) -> BodyMembership:
    """The leader adds a teacher of the municipality to the year's composition (a ШМО takes its
    school's teachers only: ``BodyMembership.clean``)."""
    _leader_check(acting_user, body)
    if role not in LEADER_GIVEN_ROLES:
        raise ValidationError({"role": _("Руководитель может включить участника или секретаря.")})
    return body_membership_create(
        body=body,
        academic_year=academic_year,
        teacher=teacher,
        role=role,
        start_date=start_date,
        end_date=end_date,
        position_note=position_note.strip(),
        acting_user=acting_user,
    )


@transaction.atomic
def leader_member_update(
    *,
    membership: BodyMembership,
    acting_user: ActingUser,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> BodyMembership:
    """The leader records when a member joined or left during the year."""
    _membership_check(acting_user, membership)
    return body_membership_update(
        membership=membership, start_date=start_date, end_date=end_date, acting_user=acting_user
    )


@transaction.atomic
def leader_member_remove(*, membership: BodyMembership, acting_user: ActingUser) -> None:
    """The leader takes a member out of the year's composition, while nothing holds on to them:
    once the order approved the composition, or the member was marked at a meeting, leaving is a
    date (``leader_member_update``), so the record of the year stays true."""
    _membership_check(acting_user, membership)
    body_year = BodyYear.objects.filter(body_id=membership.body_id, academic_year=membership.academic_year).first()
    if body_year is not None and body_year.is_approved:
        raise ValidationError(
            _("Состав утверждён приказом: не исключайте участника, а укажите дату, по которую он был в составе.")
        )
    if membership.meetings_attended.exists():
        raise ValidationError(
            _("Участник отмечен на заседаниях: не исключайте его, а укажите дату, по которую он был в составе.")
        )
    body_membership_delete(membership=membership, acting_user=acting_user)


# Materials of the body's year ------------------------------------------------------------------


@transaction.atomic
def leader_material_add(
    *, body: Body, academic_year: AcademicYear, title: str, file: File, acting_user: ActingUser
) -> BodyMaterial:
    """The leader keeps a material of the year (checked by its content: PDF, DOCX or ODT)."""
    _leader_check(acting_user, body)
    return body_material_add(body=body, academic_year=academic_year, title=title, file=file, acting_user=acting_user)


@transaction.atomic
def leader_material_delete(*, material: BodyMaterial, acting_user: ActingUser) -> None:
    _leader_check(acting_user, material.body)
    body_material_delete(material=material, acting_user=acting_user)


def _step(review: BodyYearReview, action: str, acting_user: ActingUser, comment: str) -> None:
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    BodyYearReviewStep.objects.create(review=review, action=action, comment=comment, user=user)
    audit_record_municipal(
        action=f"body_year_review.{action}",
        acting_user=acting_user,
        target=f"bodyyearreview#{review.pk}: {review}",
        data={"id": review.pk, "part": review.part, "comment": comment[:500]},
    )


@transaction.atomic
def review_submit(*, body_year: BodyYear, part: str, acting_user: ActingUser) -> BodyYearReview:
    """The leader sends the plan or the analysis to the methodologist; it must not be empty."""
    _leader_check(acting_user, body_year.body)
    review = BodyYearReview.objects.select_for_update().get(pk=review_get_or_create(body_year=body_year, part=part).pk)
    if review.status not in LEADER_EDITABLE:
        raise ValidationError(_("Уже отправлено или утверждено: статус «%(s)s».") % {"s": review.get_status_display()})
    text_field, file_field = PART_FIELDS[ReviewPart(part)]
    has_items = part == ReviewPart.PLAN and body_year.plan_items.exists()
    if not (getattr(body_year, text_field).strip() or getattr(body_year, file_field) or has_items):
        raise ValidationError(_("Нечего отправлять: заполните текст или приложите файл."))
    review.status = ReviewStatus.SUBMITTED
    review.save(update_fields=["status", "updated_at"])
    _step(review, ReviewAction.SUBMIT, acting_user, "")
    return review


@transaction.atomic
def review_decide(*, review: BodyYearReview, approve: bool, acting_user: ActingUser, comment: str = "") -> Any:
    """The methodologist approves the part or returns it with a comment (required to return)."""
    _reviewer_check(acting_user)
    review = BodyYearReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.SUBMITTED:
        raise ValidationError(_("Решение принимается только по отправленному на утверждение."))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Напишите, что доработать.")})
    review.status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    review.comment = comment
    review.save(update_fields=["status", "comment", "updated_at"])
    _step(review, ReviewAction.APPROVE if approve else ReviewAction.RETURN, acting_user, comment)
    return review
