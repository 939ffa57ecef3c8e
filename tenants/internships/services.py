"""Writes of the internship register (004 §3.3.3): sites, programmes, internships, cohorts,
attendance, outcomes and the PD records they give. Each write runs in one transaction with its
audit row (the audited actions, or ``audit_record_municipal``) and rewrites the municipality's
rows of the region's bank (``tenants.internships.summary``).

Rules:

* **Capacity.** Only enrolled teachers take places; enrolling (one teacher, a school's team —
  all or none — or accepting an application) never goes past the internship's places.
* **Applications.** A teacher applies from their cabinet while the internship takes applications
  (open, not cancelled, not finished, before its first day) and has a free place; a methodologist
  accepts (a place is taken) or declines with a reason; the teacher may withdraw before an answer.
* **Attendance → outcome.** Attendance is marked for enrolled teachers from the first day on.
  Finishing the internship (not before its last day, every enrolled teacher marked) gives each
  enrolled teacher an outcome: attended — completed, absent — not completed.
* **PD record once.** Each completed enrolment becomes the teacher's PD record (the site as the
  provider, the programme, its hours, the internship's dates, «очно»); the enrolment keeps the
  record, so finishing again, or asking again, never adds a second one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_create
from tenants.development.models import CourseDocumentKind, CourseFormat, CourseRecord
from tenants.development.services import course_record_create
from tenants.internships.models import (
    Enrolment,
    EnrolmentOutcome,
    EnrolmentStatus,
    Internship,
    InternshipProgramme,
    InternshipSite,
)
from tenants.internships.summary import internships_summary_refresh
from tenants.organisations.models import Organisation, OrganisationSiteStatus, SiteKind
from tenants.people.models import Teacher


def _audit(action: str, *, acting_user: ActingUser, target: object, data: dict) -> None:
    audit_record_municipal(
        action=action,
        acting_user=acting_user,
        target=f"{target._meta.model_name}#{target.pk}: {target}",  # type: ignore[attr-defined]
        data=data,
    )


# Sites, programmes, internships -----------------------------------------------------------------


@transaction.atomic
def internship_site_create(
    *,
    site_status: OrganisationSiteStatus,
    acting_user: ActingUser,
    description: str = "",
    contacts: str = "",
    is_public: bool = True,
) -> InternshipSite:
    """The card of a site for an organisation's «стажировочная площадка» status (one card per status)."""
    if site_status.kind != SiteKind.INTERNSHIP:
        raise ValidationError({"site_status": _("Это не статус стажировочной площадки.")})
    if InternshipSite.objects.filter(site_status=site_status).exists():
        raise ValidationError({"site_status": _("У этого статуса уже есть карточка площадки.")})
    site = InternshipSite(
        site_status=site_status, organisation=site_status.organisation, description=description,
        contacts=contacts, is_public=is_public,
    )  # fmt: skip
    site.full_clean()
    return audited_create(site, acting_user=acting_user)  # the action rewrites the region's bank


@transaction.atomic
def internship_programme_create(
    *,
    site: InternshipSite,
    title: str,
    hours: int,
    capacity: int,
    acting_user: ActingUser,
    topics: str = "",
    audience: str = "teachers",
    description: str = "",
) -> InternshipProgramme:
    programme = InternshipProgramme(
        site=site, title=title.strip(), hours=hours, capacity=capacity, topics=topics, audience=audience,
        description=description,
    )  # fmt: skip
    programme.full_clean()
    return audited_create(programme, acting_user=acting_user)


@transaction.atomic
def internship_create(
    *,
    programme: InternshipProgramme,
    starts_on: datetime.date,
    ends_on: datetime.date,
    acting_user: ActingUser,
    capacity: int | None = None,
    applications_open: bool = True,
    with_institute: bool = False,
    regional_proposal_id: int | None = None,
) -> Internship:
    """A run of a programme; its places default to the programme's."""
    internship = Internship(
        programme=programme, starts_on=starts_on, ends_on=ends_on, capacity=capacity or programme.capacity,
        applications_open=applications_open, with_institute=with_institute or regional_proposal_id is not None,
        regional_proposal_id=regional_proposal_id,
    )  # fmt: skip
    internship.full_clean()
    return audited_create(internship, acting_user=acting_user)


# The cohort: enrolment, applications, attendance --------------------------------------------------


def _locked(internship: Internship) -> Internship:
    """The internship, locked: two people filling its last place take turns."""
    return Internship.objects.select_for_update().get(pk=internship.pk)


def internship_places_taken(internship: Internship) -> int:
    return internship.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


def _open_for_enrolment(internship: Internship) -> None:
    if internship.cancelled or internship.is_finished:
        raise ValidationError(_("Стажировка отменена или завершена: состав не меняется."), code="closed")


def _check_places(internship: Internship, wanted: int) -> None:
    free = internship.capacity - internship_places_taken(internship)
    if wanted > free:
        raise ValidationError(
            _("Мест не хватает: свободно %(free)d, нужно %(wanted)d.") % {"free": max(free, 0), "wanted": wanted},
            code="capacity",
        )


def _enrol_one(internship: Internship, teacher: Teacher, team: Organisation | None) -> Enrolment:
    enrolment = Enrolment.objects.filter(internship=internship, teacher=teacher).first()
    if enrolment is None:
        return Enrolment.objects.create(
            internship=internship, teacher=teacher, team=team, status=EnrolmentStatus.ENROLLED
        )
    if enrolment.status == EnrolmentStatus.ENROLLED:
        raise ValidationError(_("%(teacher)s уже зачислен(а).") % {"teacher": teacher}, code="duplicate")
    enrolment.status, enrolment.team = EnrolmentStatus.ENROLLED, team or enrolment.team
    enrolment.save(update_fields=["status", "team"])
    return enrolment


@transaction.atomic
def enrolment_enrol(
    *, internship: Internship, teachers: Iterable[Teacher], acting_user: ActingUser, team: Organisation | None = None
) -> list[Enrolment]:
    """A methodologist enrols teachers, or a school's team (``team``: its teachers only) — all or none."""
    internship = _locked(internship)
    _open_for_enrolment(internship)
    chosen = list(dict.fromkeys(teachers))
    if not chosen:
        raise ValidationError(_("Выберите хотя бы одного педагога."), code="empty")
    if team is not None and any(t.organisation_id != team.pk for t in chosen):
        raise ValidationError(_("В команду входят только педагоги этой организации."), code="team")
    _check_places(internship, len(chosen))
    enrolments = [_enrol_one(internship, teacher, team) for teacher in chosen]
    _audit("internship.enrol", acting_user=acting_user, target=internship,
           data={"teachers": [t.pk for t in chosen], "team": team.pk if team else None})  # fmt: skip
    internships_summary_refresh()
    return enrolments


@transaction.atomic
def enrolment_apply(*, internship: Internship, teacher: Teacher, acting_user: ActingUser) -> Enrolment:
    """A teacher applies from their cabinet (the view passes the teacher linked to the account)."""
    internship = _locked(internship)
    if not internship.accepts_applications():
        raise ValidationError(_("На эту стажировку заявки не принимаются."), code="closed")
    _check_places(internship, 1)
    enrolment = Enrolment.objects.filter(internship=internship, teacher=teacher).first()
    if enrolment is not None and enrolment.status in (EnrolmentStatus.APPLIED, EnrolmentStatus.ENROLLED):
        raise ValidationError(_("Заявка уже подана."), code="duplicate")
    if enrolment is not None and enrolment.status == EnrolmentStatus.DECLINED:
        raise ValidationError(_("Заявка на эту стажировку уже отклонена."), code="declined")
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    internship=internship, teacher=teacher, status=EnrolmentStatus.APPLIED, applied_by_teacher=True
                )
        except IntegrityError as error:
            raise ValidationError(_("Заявка уже подана."), code="duplicate") from error
    else:
        enrolment.status, enrolment.applied_by_teacher = EnrolmentStatus.APPLIED, True
        enrolment.save(update_fields=["status", "applied_by_teacher"])
    _audit("internship.apply", acting_user=acting_user, target=internship, data={"enrolment": enrolment.pk})
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, teacher: Teacher, acting_user: ActingUser) -> Enrolment:
    """The teacher takes back an application not yet answered."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.teacher_id != teacher.pk:
        raise PermissionDenied
    if enrolment.status != EnrolmentStatus.APPLIED:
        raise ValidationError(_("Отозвать можно только заявку, на которую ещё не ответили."), code="answered")
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save(update_fields=["status"])
    _audit(
        "internship.withdraw", acting_user=acting_user, target=enrolment.internship, data={"enrolment": enrolment.pk}
    )
    return enrolment


@transaction.atomic
def enrolment_decide(*, enrolment: Enrolment, accept: bool, acting_user: ActingUser, answer: str = "") -> Enrolment:
    """A methodologist accepts an application (a place is taken) or declines it with a reason."""
    internship = _locked(enrolment.internship)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.APPLIED:
        raise ValidationError(_("На эту заявку уже ответили."), code="answered")
    answer = answer.strip()
    if accept:
        _open_for_enrolment(internship)
        _check_places(internship, 1)
    elif not answer:
        raise ValidationError({"answer": _("Укажите, почему заявка отклонена.")}, code="answer_required")
    enrolment.status = EnrolmentStatus.ENROLLED if accept else EnrolmentStatus.DECLINED
    enrolment.answer = answer[:500]
    enrolment.save(update_fields=["status", "answer"])
    _audit("internship.accept" if accept else "internship.decline", acting_user=acting_user, target=internship,
           data={"enrolment": enrolment.pk, "answer": enrolment.answer})  # fmt: skip
    internships_summary_refresh()
    return enrolment


@transaction.atomic
def attendance_mark(
    *, internship: Internship, attended: dict[int, bool], acting_user: ActingUser, today: datetime.date | None = None
) -> int:
    """Mark who of the enrolled attended (``{enrolment id: attended}``), from the first day on."""
    internship = _locked(internship)
    _open_for_enrolment(internship)
    if (today or timezone.localdate()) < internship.starts_on:
        raise ValidationError(_("Посещаемость отмечают с первого дня стажировки."), code="early")
    enrolments = {e.pk: e for e in internship.enrolments.filter(pk__in=list(attended), status=EnrolmentStatus.ENROLLED)}
    for pk, value in attended.items():
        enrolment = enrolments.get(pk)
        if enrolment is None:
            continue  # not enrolled here: nothing to mark
        enrolment.attended = bool(value)
        enrolment.save(update_fields=["attended"])
    _audit("internship.attendance", acting_user=acting_user, target=internship,
           data={str(pk): bool(v) for pk, v in attended.items() if pk in enrolments})  # fmt: skip
    return len(enrolments)


# Outcome and the PD record ---------------------------------------------------------------------------


@transaction.atomic
def enrolment_pd_record_ensure(*, enrolment: Enrolment, acting_user: ActingUser) -> CourseRecord | None:
    """The PD record of a completed enrolment: made once, then returned as it is."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("internship__programme__site__organisation", "teacher")
        .get(pk=enrolment.pk)
    )
    if enrolment.outcome != EnrolmentOutcome.COMPLETED:
        return None
    if enrolment.course_record_id is not None:
        return enrolment.course_record
    internship = enrolment.internship
    programme = internship.programme
    record = course_record_create(
        acting_user=acting_user,
        teacher=enrolment.teacher,
        provider=_("Стажировочная площадка %(site)s") % {"site": programme.site.organisation.short_name},
        programme=_("Стажировка: %(title)s") % {"title": programme.title},
        hours=programme.hours,
        format=CourseFormat.FULL_TIME,
        start_date=internship.starts_on,
        end_date=internship.ends_on,
        document_kind=CourseDocumentKind.ATTENDANCE,
    )
    enrolment.course_record = record
    enrolment.save(update_fields=["course_record"])
    return record


@transaction.atomic
def internship_finish(
    *, internship: Internship, acting_user: ActingUser, today: datetime.date | None = None
) -> list[CourseRecord]:
    """Sum up an internship after its last day: outcomes from attendance, a PD record per completion.

    Idempotent: finishing again gives nobody a second record (and makes those still missing)."""
    internship = _locked(internship)
    if internship.cancelled:
        raise ValidationError(_("Стажировка отменена."), code="cancelled")
    today = today or timezone.localdate()
    if today < internship.ends_on:
        raise ValidationError(_("Итоги подводят после последнего дня стажировки."), code="early")
    enrolled = list(internship.enrolments.filter(status=EnrolmentStatus.ENROLLED))
    unmarked = [e for e in enrolled if e.attended is None]
    if unmarked:
        raise ValidationError(
            _("Не отмечена посещаемость: %(n)d чел.") % {"n": len(unmarked)}, code="attendance_missing"
        )
    for enrolment in enrolled:
        outcome = EnrolmentOutcome.COMPLETED if enrolment.attended else EnrolmentOutcome.NOT_COMPLETED
        if enrolment.outcome != outcome:
            enrolment.outcome = outcome
            enrolment.save(update_fields=["outcome"])
    records = [
        record
        for enrolment in enrolled
        if (record := enrolment_pd_record_ensure(enrolment=enrolment, acting_user=acting_user)) is not None
    ]
    first_time = internship.finished_on is None
    if first_time:
        internship.finished_on = today
        internship.save(update_fields=["finished_on"])
    _audit("internship.finish", acting_user=acting_user, target=internship,
           data={"completed": len(records), "enrolled": len(enrolled), "again": not first_time})  # fmt: skip
    internships_summary_refresh()
    return records
