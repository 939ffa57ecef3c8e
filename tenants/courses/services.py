"""Writes of the course applications (000 §2.2, §2.3.3; 003 §4.3; 004 §3.3.2).

Each runs in one transaction with its audit row; the offer is locked first, so two teachers
applying for the last place, or a list made while a teacher withdraws, are taken one after the
other. The e-mails (confirmed, declined, put on the list) go out from the municipality's service
after the commit.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.courses.models import ApplicationStatus, CourseApplication
from tenants.courses.selectors import (
    application_active,
    offer_is_full,
    offers_due_for_completion,
    user_manages_courses,
    user_may_decide,
)
from tenants.development.models import CourseDocumentKind, CourseOffer
from tenants.development.services import course_record_create
from tenants.municipalities.mail import municipal_mail_send
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import current_municipality, municipality_base_url
from tenants.people.models import Teacher

logger = logging.getLogger(__name__)


def _audit(verb: str, application: CourseApplication, acting_user: ActingUser, **data: Any) -> None:
    audit_record_municipal(
        action=f"course_application.{verb}",
        acting_user=acting_user,
        target=f"course_application#{application.pk}: {application.teacher} — {application.offer.programme}",
        data={"id": application.pk, "offer": application.offer_id, "teacher": application.teacher_id, **data},
    )


def _notify(application: CourseApplication, notice: str) -> None:
    """The teacher's e-mail, sent once the transaction commits (nothing if they have no address)."""
    municipality = current_municipality()
    if municipality is None or not application.teacher.email:
        return
    application_id = application.pk
    transaction.on_commit(
        lambda: application_notice_send(municipality=municipality, application_id=application_id, notice=notice)
    )


NOTICES = ("confirmed", "declined", "listed")


def application_notice_send(*, municipality: Municipality, application_id: int, notice: str) -> bool:
    """One e-mail to the teacher from the municipality's service (in Russian), after the commit.

    A refusal of the mail server is logged and undoes nothing: the teacher sees the status in
    their account too.
    """
    if notice not in NOTICES:
        raise ValueError(f"unknown notice {notice!r}")
    application = CourseApplication.objects.select_related("offer", "teacher").filter(pk=application_id).first()
    if application is None or not application.teacher.email:
        return False
    context = {
        "municipality": municipality,
        "application": application,
        "offer": application.offer,
        "cabinet_link": municipality_base_url(municipality) + reverse("courses:mine", urlconf=settings.ROOT_URLCONF),
    }
    with translation.override("ru"):
        subject = " ".join(render_to_string(f"courses/email/{notice}_subject.txt", context).split())
        body = render_to_string(f"courses/email/{notice}_message.txt", context)
    try:
        municipal_mail_send(municipality=municipality, subject=subject, body=body, to=[application.teacher.email])
    except OSError:
        logger.exception("course application %s: the %s e-mail was not sent", application_id, notice)
        return False
    return True


def _system(acting_user: ActingUser) -> bool:
    """The platform itself acting (the demo, a task, a command): no person to check. A visitor
    (``AnonymousUser``) is a person, and is refused."""
    return acting_user is None


def _locked_offer(offer: CourseOffer) -> CourseOffer:
    return CourseOffer.objects.select_for_update().get(pk=offer.pk)


def _locked(application: CourseApplication) -> CourseApplication:
    locked = (
        CourseApplication.objects.select_for_update(of=("self",))
        .select_related("offer", "teacher", "teacher__organisation")
        .get(pk=application.pk)
    )
    return locked


@transaction.atomic
def course_application_submit(
    *, offer: CourseOffer, teacher: Teacher, acting_user: ActingUser, comment: str = ""
) -> CourseApplication:
    """A teacher applies (from their account). Refused when the offer takes no applications, is
    closed or full, or the teacher has applied already."""
    offer = _locked_offer(offer)
    user = signed_in_user(acting_user)
    if not _system(acting_user) and (user is None or (teacher.user_id != user.pk and not user_manages_courses(user))):
        raise PermissionDenied(_("Заявку подаёт сам педагог из личного кабинета."))
    if not offer.takes_applications:
        raise ValidationError(_("На этот курс заявки через платформу не принимаются."), code="no_applications")
    if not offer.applications_open():
        raise ValidationError(_("Приём заявок на этот курс закрыт."), code="closed")
    if application_active(offer=offer, teacher=teacher) is not None:
        raise ValidationError(_("Вы уже подали заявку на этот курс."), code="twice")
    if offer_is_full(offer):
        raise ValidationError(_("Мест по квоте на этот курс больше нет."), code="full")
    application = CourseApplication(offer=offer, teacher=teacher, comment=comment.strip())
    application.full_clean()
    application.save()
    _audit("submit", application, acting_user)
    return application


@transaction.atomic
def course_application_withdraw(*, application: CourseApplication, acting_user: ActingUser) -> CourseApplication:
    """The teacher takes their application back before the course starts (a listed place is freed)."""
    locked = _locked(application)
    user = signed_in_user(acting_user)
    if user is None or locked.teacher.user_id != user.pk:
        raise PermissionDenied(_("Отозвать заявку может только подавший её педагог."))
    if locked.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED, ApplicationStatus.COMPLETED):
        raise ValidationError(_("Эту заявку уже нельзя отозвать."), code="final")
    if locked.offer.start_date <= timezone.localdate():
        raise ValidationError(_("Курс уже начался: заявку нельзя отозвать."), code="started")
    previous = locked.status
    locked.status = ApplicationStatus.WITHDRAWN
    locked.list_position = None
    locked.save(update_fields=["status", "list_position"])
    _audit("withdraw", locked, acting_user, previous=previous)
    return locked


def _check_decider(acting_user: ActingUser, application: CourseApplication) -> None:
    if _system(acting_user):
        return
    user = signed_in_user(acting_user)
    if user is None or not user_may_decide(user, application):
        raise PermissionDenied(
            _("Подтвердить или отклонить заявку может координатор методической службы организации педагога.")
        )


@transaction.atomic
def course_application_confirm(
    *, application: CourseApplication, acting_user: ActingUser, notify: bool = True
) -> CourseApplication:
    """The teacher's organisation confirms the application (it can go on the quota list)."""
    locked = _locked(application)
    _check_decider(acting_user, locked)
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Подтвердить можно только заявку, которая ждёт решения."), code="status")
    locked.status = ApplicationStatus.CONFIRMED
    locked.decided_at = timezone.now()
    locked.decided_by = signed_in_user(acting_user)
    locked.decline_reason = ""
    locked.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    _audit("confirm", locked, acting_user)
    if notify:
        _notify(locked, "confirmed")
    return locked


@transaction.atomic
def course_application_decline(
    *, application: CourseApplication, reason: str, acting_user: ActingUser, notify: bool = True
) -> CourseApplication:
    """The teacher's organisation declines, saying why (the teacher reads the reason)."""
    locked = _locked(application)
    _check_decider(acting_user, locked)
    if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.CONFIRMED):
        raise ValidationError(_("Отклонить можно заявку, которая ждёт решения или подтверждена."), code="status")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину отказа: педагог её увидит.")}, code="reason_required")
    previous = locked.status
    locked.status = ApplicationStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = signed_in_user(acting_user)
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "decline_reason"])
    _audit("decline", locked, acting_user, previous=previous)
    if notify:
        _notify(locked, "declined")
    return locked


@transaction.atomic
def course_quota_list_set(
    *, offer: CourseOffer, application_ids: Sequence[int], acting_user: ActingUser, notify: bool = True
) -> list[CourseApplication]:
    """The methodologist's list for the provider: ``application_ids`` in order are in, every other
    confirmed or listed application of the offer is out. At most the offer's quota; only
    applications the organisation confirmed; not after the records are written."""
    offer = _locked_offer(offer)
    if not _system(acting_user) and not user_manages_courses(signed_in_user(acting_user)):
        raise PermissionDenied(_("Список на обучение составляет методист."))
    if offer.completed_at is not None:
        raise ValidationError(_("Курс завершён: список уже не меняется."), code="completed")
    ids = list(dict.fromkeys(application_ids))
    if offer.quota is None or len(ids) > offer.quota:
        raise ValidationError(
            _("В списке не больше %(quota)s педагогов — столько мест по квоте.") % {"quota": offer.quota or 0},
            code="over_quota",
        )
    candidates = {
        a.pk: a
        for a in offer.applications.select_for_update()
        .filter(status__in=(ApplicationStatus.CONFIRMED, ApplicationStatus.LISTED))
        .select_related("teacher", "offer")
    }
    unknown = [pk for pk in ids if pk not in candidates]
    if unknown:
        raise ValidationError(
            _("В список включаются только заявки этого курса, подтверждённые организацией."), code="not_confirmed"
        )
    now = timezone.now()
    listed: list[CourseApplication] = []
    for position, pk in enumerate(ids, start=1):
        application = candidates[pk]
        newly = application.status != ApplicationStatus.LISTED
        application.status = ApplicationStatus.LISTED
        application.list_position = position
        if newly:
            application.listed_at = now
        application.save(update_fields=["status", "list_position", "listed_at"])
        if newly and notify:
            _notify(application, "listed")
        listed.append(application)
    left_out = [a for pk, a in candidates.items() if pk not in ids and a.status == ApplicationStatus.LISTED]
    for application in left_out:
        application.status = ApplicationStatus.CONFIRMED
        application.list_position = None
        application.listed_at = None
        application.save(update_fields=["status", "list_position", "listed_at"])
    audit_record_municipal(
        action="course_offer.quota_list",
        acting_user=acting_user,
        target=f"course_offer#{offer.pk}: {offer}",
        data={"id": offer.pk, "listed": ids, "removed": sorted(a.pk for a in left_out)},
    )
    return listed


@transaction.atomic
def course_offer_complete(
    *, offer: CourseOffer, acting_user: ActingUser, on: datetime.date | None = None
) -> list[CourseApplication]:
    """The course has ended: each listed teacher gets their course record (completing route steps
    it matches), the application is marked completed. Idempotent: a second call writes nothing."""
    offer = _locked_offer(offer)
    today = on or timezone.localdate()
    if offer.end_date >= today:
        raise ValidationError(_("Курс ещё не закончился."), code="not_ended")
    if offer.completed_at is not None:
        return []
    areas = list(offer.competence_areas.all())
    completed = []
    for application in (
        offer.applications.select_for_update(of=("self",))
        .filter(status=ApplicationStatus.LISTED, course_record__isnull=True)
        .select_related("teacher")
        .order_by("list_position", "pk")
    ):
        application.course_record = course_record_create(
            acting_user=acting_user,
            teacher=application.teacher,
            provider=offer.provider,
            programme=offer.programme,
            hours=offer.hours,
            format=offer.format,
            start_date=offer.start_date,
            end_date=offer.end_date,
            document_kind=CourseDocumentKind.CERTIFICATE,
            competence_areas=areas,
            course_offer=offer,
        )
        application.status = ApplicationStatus.COMPLETED
        application.save(update_fields=["course_record", "status"])
        completed.append(application)
    offer.completed_at = timezone.now()
    offer.save(update_fields=["completed_at"])
    audit_record_municipal(
        action="course_offer.complete",
        acting_user=acting_user,
        target=f"course_offer#{offer.pk}: {offer}",
        data={"id": offer.pk, "records": [a.course_record_id for a in completed]},
    )
    return completed


def course_offers_complete_due(*, on: datetime.date | None = None) -> int:
    """Every ended offer whose records are not written (beat, in one municipality's schema)."""
    count = 0
    for offer in offers_due_for_completion(on):
        count += len(course_offer_complete(offer=offer, acting_user=None, on=on))
    return count
