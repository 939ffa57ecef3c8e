"""Writes of consultations (000 §2.3.4, 003 §4.4): one path for the public form, the teacher's
account, the staff admin, the demo and tests.

Each service runs in the municipality's schema and one transaction: the change, its audit row
and the region's roll-up (``tenants.consultations.rollups``). The answer is e-mailed to the
requester after the transaction commits.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ActingUser, User, signed_in_user
from audit.services import audit_record_municipal
from tenants.academic_years import AcademicYear
from tenants.consultations.models import (
    STATUS_TRANSITIONS,
    Consultation,
    ConsultationStatus,
    RequesterKind,
    answer_working_days,
)
from tenants.consultations.rollups import consultations_rollup_refresh
from tenants.consultations.selectors import consultation_assignee_for, user_may_answer, user_may_handle
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.selectors import current_municipality, municipality_base_url
from tenants.people.models import Methodologist, ResponsibilityArea
from tenants.working_days import working_days_after

logger = logging.getLogger(__name__)


def _audit(verb: str, consultation: Consultation, acting_user: ActingUser, **data: Any) -> None:
    audit_record_municipal(
        action=f"consultation.{verb}",
        acting_user=acting_user,
        target=f"consultation#{consultation.pk}: {consultation.topic}",
        data={"id": consultation.pk, **data},
    )


def _refresh_rollup(consultation: Consultation) -> None:
    consultations_rollup_refresh(year=AcademicYear.of(timezone.localdate(consultation.submitted_at)))


def _check_transition(consultation: Consultation, status: str) -> None:
    if status not in STATUS_TRANSITIONS[consultation.status]:
        raise ValidationError(
            _("Нельзя перевести консультацию из статуса «%(from)s» в статус «%(to)s».")
            % {"from": ConsultationStatus(consultation.status).label, "to": ConsultationStatus(status).label},
            code="transition",
        )


def _locked(consultation: Consultation) -> Consultation:
    # Two staff members acting at once: the second waits and sees the first one's change.
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def consultation_submit(
    *,
    topic: str,
    question: str,
    requester_kind: str,
    requester_name: str,
    email: str,
    acting_user: ActingUser,
    phone: str = "",
    area: ResponsibilityArea | None = None,
    requester_user: User | None = None,
    assign: bool = True,
) -> Consultation:
    """Take a request (000 §2.3.4) and hand it to the methodologist of its direction.

    The due day is ``answer_working_days()`` working days after today. The request is assigned
    at once to a methodologist responsible for ``area`` (001 §3.7), else to the head of the
    service; with neither (or with ``assign=False``) it stays «новая» for the head to assign.
    """
    now = timezone.now()
    consultation = Consultation(
        topic=topic.strip(),
        question=question.strip(),
        requester_kind=requester_kind,
        requester_name=requester_name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        area=area,
        requester_user=requester_user,
        submitted_at=now,
        due_on=working_days_after(timezone.localdate(now), answer_working_days()),
    )
    if requester_kind not in RequesterKind.values:
        raise ValidationError({"requester_kind": _("Выберите, кто обращается.")})
    consultation.full_clean()
    assignee = consultation_assignee_for(area=area) if assign else None
    if assignee is not None:
        consultation.status = ConsultationStatus.ASSIGNED
        consultation.assignee = assignee
        consultation.assigned_at = now
    consultation.save()
    _audit(
        "submit",
        consultation,
        acting_user,
        area=area.pk if area else None,
        assignee=assignee.pk if assignee else None,
    )
    _refresh_rollup(consultation)
    return consultation


@transaction.atomic
def consultation_assign(
    *, consultation: Consultation, assignee: Methodologist, acting_user: ActingUser
) -> Consultation:
    """Give a new request to a methodologist, or hand an assigned one to another."""
    locked = _locked(consultation)
    _check_handler(acting_user, locked)
    _check_transition(locked, ConsultationStatus.ASSIGNED)
    previous = locked.assignee_id
    locked.status = ConsultationStatus.ASSIGNED
    locked.assignee = assignee
    locked.assigned_at = timezone.now()
    locked.save(update_fields=["status", "assignee", "assigned_at"])
    _audit("assign", locked, acting_user, assignee=assignee.pk, previous=previous)
    _refresh_rollup(locked)
    return locked


@transaction.atomic
def consultation_answer(
    *, consultation: Consultation, answer: str, acting_user: ActingUser, notify: bool = True
) -> Consultation:
    """Record the answer and e-mail it to the requester once the transaction commits.

    ``notify=False`` records without the e-mail (the demo data, whose addresses are made up).
    """
    user = signed_in_user(acting_user)
    locked = _locked(consultation)
    if user is None or not user_may_answer(user, locked):
        raise PermissionDenied(_("Ответить может методист, которому назначена консультация, или руководитель службы."))
    _check_transition(locked, ConsultationStatus.ANSWERED)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Напишите ответ.")}, code="answer_required")
    locked.status = ConsultationStatus.ANSWERED
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.answered_by = user
    locked.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    _audit("answer", locked, acting_user, in_time=locked.answered_in_time)
    _refresh_rollup(locked)
    if not notify:
        return locked
    municipality = current_municipality()
    consultation_id = locked.pk
    transaction.on_commit(
        lambda: consultation_answer_email_send(consultation_id=consultation_id, municipality=municipality)
    )
    return locked


@transaction.atomic
def consultation_close(*, consultation: Consultation, acting_user: ActingUser, comment: str = "") -> Consultation:
    """Close a request: after the answer, or without one (a duplicate, spam) with a comment."""
    locked = _locked(consultation)
    _check_handler(acting_user, locked)
    _check_transition(locked, ConsultationStatus.CLOSED)
    comment = comment.strip()
    if locked.status != ConsultationStatus.ANSWERED and not comment:
        raise ValidationError(
            {"comment": _("Консультация закрывается без ответа: укажите причину (например, повторное обращение).")},
            code="comment_required",
        )
    locked.status = ConsultationStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.close_comment = comment
    locked.save(update_fields=["status", "closed_at", "close_comment"])
    _audit("close", locked, acting_user, comment=comment)
    _refresh_rollup(locked)
    return locked


def _check_handler(acting_user: ActingUser, consultation: Consultation) -> None:
    user = signed_in_user(acting_user)
    if user is None or not user_may_handle(user, consultation):
        raise PermissionDenied(_("Назначать и закрывать консультацию может её методист или руководитель службы."))


def consultation_answer_email_send(*, consultation_id: int, municipality: Any) -> bool:
    """E-mail the answer to the requester (in Russian); called after commit, in the same schema.

    A failure of the mail server is logged and does not undo the answer: the requester also sees
    it in their account, and staff can see it was not delivered in the log.
    """
    consultation = Consultation.objects.select_related("answered_by").filter(pk=consultation_id).first()
    if consultation is None or not consultation.answer:
        return False
    context = {
        "consultation": consultation,
        "municipality": municipality,
        "site_url": municipality_base_url(municipality) if municipality else "",
    }
    with translation.override("ru"):
        subject = render_to_string("consultations/email/answer_subject.txt", context).strip()
        body = render_to_string("consultations/email/answer_message.txt", context)
    try:
        municipal_mail_send(municipality=municipality, subject=subject, body=body, to=[consultation.email])
    except OSError:
        logger.exception("consultation %s: the answer e-mail was not sent", consultation_id)
        return False
    return True
