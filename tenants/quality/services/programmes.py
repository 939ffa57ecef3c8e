"""Writes of support programmes and their measures, with the lifecycle's rules of who may do what.

* A draft is made and edited by the service's methodologists and the head (the app's add and
  change permissions).
* **draft → active**: the head only (``quality.decide_support``), once the organisation is
  confirmed as needing support for the programme's year and the programme has a curator and at
  least one measure.
* While active, the programme and its measures are edited by its curator or the head.
* **active → finished**: the curator or the head, with the programme's conclusion.
* **draft or active → cancelled**: the head only, with a reason.
* Finished and cancelled programmes are read-only; only a draft is deleted.

Every write has its audit row; transitions also a Wagtail history entry. A measure linked to
what it produced (a visit held, a consultation answered, an event held, a course record, a
mentorship begun) is marked done with that date (``measure_links_sync``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import ActingUser
from audit.services import audit_record
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.municipalities.selectors import current_municipality
from tenants.organisations.models import Organisation
from tenants.quality.models import (
    MeasureStatus,
    ProgrammeStatus,
    SupportDecision,
    SupportMeasure,
    SupportProgramme,
    SupportStatus,
    VisitStatus,
)
from tenants.quality.rollup import quality_rollup_lock, quality_rollup_refresh
from tenants.quality.selectors.effect import programme_effect
from tenants.quality.services.flags import user_may_decide

TRANSITION_LOG_ACTION = "quality.programme_transition"
PROGRAMME_FIELDS = (
    "title",
    "curator",
    "reasons",
    "risk_factors",
    "diagnosis",
    "goals",
    "starts_on",
    "ends_on",
    "academic_year",
    "organisation",
)
MEASURE_FIELDS = (
    "kind",
    "title",
    "due_on",
    "status",
    "done_on",
    "responsible",
    "visit",
    "consultation",
    "event",
    "course_record",
    "mentorship",
    "association",
    "note",
)


def _signed_in(acting_user: ActingUser) -> Any:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def user_is_curator(user: ActingUser, programme: SupportProgramme) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and programme.curator_id is not None
        and programme.curator is not None
        and programme.curator.user_id == user.pk
    )


def user_may_edit(user: ActingUser, programme: SupportProgramme) -> bool:
    """Whether ``user`` may change the programme and its measures now."""
    if user is None or not user.has_perm("quality.change_supportprogramme"):
        return False
    if programme.status == ProgrammeStatus.DRAFT:
        return True
    if programme.status == ProgrammeStatus.ACTIVE:
        return user_is_curator(user, programme) or user_may_decide(user)
    return False


def user_may_transition(user: ActingUser, programme: SupportProgramme, to_status: str) -> bool:
    """Whether ``user`` may move the programme to ``to_status`` now (for buttons and for the services)."""
    status = programme.status
    if to_status == ProgrammeStatus.ACTIVE:
        return status == ProgrammeStatus.DRAFT and user_may_decide(user)
    if to_status == ProgrammeStatus.FINISHED:
        return (
            status == ProgrammeStatus.ACTIVE
            and user is not None
            and user.has_perm("quality.change_supportprogramme")
            and (user_is_curator(user, programme) or user_may_decide(user))
        )
    if to_status == ProgrammeStatus.CANCELLED:
        return status in (ProgrammeStatus.DRAFT, ProgrammeStatus.ACTIVE) and user_may_decide(user)
    return False


def _audit(action: str, *, acting_user: ActingUser, target: Any, data: dict[str, Any]) -> None:
    audit_record(
        action=action,
        acting_user=acting_user,
        municipality=current_municipality(),
        target=f"{target._meta.model_name}#{target.pk}: {target}",
        data=data,
    )


def _locked(programme: SupportProgramme) -> SupportProgramme:
    fresh = SupportProgramme.objects.select_for_update().get(pk=programme.pk)
    programme.status = fresh.status
    return fresh


# The programme ---------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    acting_user: ActingUser,
    organisation: Organisation,
    academic_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    curator: Any = None,
    reasons: Iterable[str] = (),
    subjects: Iterable[Any] = (),
    risk_factors: Iterable[str] = (),
    diagnosis: str = "",
    goals: str = "",
    title: str | None = None,
    skip_permission_checks: bool = False,
) -> SupportProgramme:
    """A draft programme of targeted help for an organisation (000 §2.2, 003 §1.3)."""
    if not skip_permission_checks and not (acting_user and acting_user.has_perm("quality.add_supportprogramme")):
        raise PermissionDenied(_("Нет права создавать программы поддержки."))
    programme = SupportProgramme(
        organisation=organisation,
        academic_year=academic_year,
        starts_on=starts_on,
        ends_on=ends_on,
        curator=curator,
        reasons=sorted(set(reasons)),
        risk_factors=list(dict.fromkeys(risk_factors)),
        diagnosis=diagnosis,
        goals=goals,
        created_by=_signed_in(acting_user),
    )
    if title:
        programme.title = title
    programme.full_clean()
    audited_create(programme, acting_user=acting_user)
    programme.subjects.set(list(subjects))
    programme_saved(programme)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: SupportProgramme,
    acting_user: ActingUser,
    data: Mapping[str, Any],
    skip_permission_checks: bool = False,
) -> SupportProgramme:
    _locked(programme)
    if not skip_permission_checks and not user_may_edit(acting_user, programme):
        raise PermissionDenied(_("Программу меняют куратор или руководитель, пока она не завершена."))
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name])
    programme.full_clean()
    audited_update(programme, acting_user=acting_user)
    if "subjects" in data:
        programme.subjects.set(list(data["subjects"]))
    programme_saved(programme)
    return programme


def programme_saved(programme: SupportProgramme) -> None:
    """After a programme is written (service or admin form): its effect and the roll-ups."""
    programme_effects_refresh(programmes=[programme])
    quality_rollup_refresh()


@transaction.atomic
def programme_delete(
    *, programme: SupportProgramme, acting_user: ActingUser, skip_permission_checks: bool = False
) -> None:
    locked = _locked(programme)
    if not skip_permission_checks and not (acting_user and acting_user.has_perm("quality.delete_supportprogramme")):
        raise PermissionDenied(_("Нет права удалять программы поддержки."))
    if locked.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("Удалить можно только черновик; действующую программу можно отменить."))
    audited_delete(programme, acting_user=acting_user)
    quality_rollup_refresh()


def _transition(
    *, programme: SupportProgramme, to_status: str, acting_user: ActingUser, note: str, skip_permission_checks: bool
) -> SupportProgramme:
    quality_rollup_lock()
    locked = _locked(programme)
    if not skip_permission_checks and not user_may_transition(acting_user, programme, to_status):
        raise PermissionDenied(
            _("Перевести программу в статус «%(to)s» сейчас нельзя или это может сделать другой сотрудник.")
            % {"to": ProgrammeStatus(to_status).label}
        )
    previous = locked.status
    now = timezone.now()
    updates: dict[str, Any] = {"status": to_status, "status_changed_at": now, "updated_at": now}
    if to_status == ProgrammeStatus.FINISHED:
        updates["conclusion"] = note
    if to_status == ProgrammeStatus.CANCELLED:
        updates["cancel_reason"] = note
    SupportProgramme.objects.filter(pk=programme.pk).update(**updates)
    programme.refresh_from_db()
    data = {"id": programme.pk, "from": previous, "to": to_status, "note": note}
    log(instance=programme, action=TRANSITION_LOG_ACTION, user=_signed_in(acting_user), data=data)
    _audit("support_programme.transition", acting_user=acting_user, target=programme, data=data)
    programme_effects_refresh(programmes=[programme])
    quality_rollup_refresh()
    return programme


@transaction.atomic
def programme_activate(
    *, programme: SupportProgramme, acting_user: ActingUser, skip_permission_checks: bool = False
) -> SupportProgramme:
    """The head starts the programme: the organisation is confirmed as needing support, the
    programme has a curator and a measure."""
    if not skip_permission_checks and not user_may_transition(acting_user, programme, ProgrammeStatus.ACTIVE):
        raise PermissionDenied(_("Начать выполнение программы может руководитель методической службы."))
    confirmed = SupportDecision.objects.filter(
        organisation_id=programme.organisation_id,
        academic_year=programme.academic_year,
        status=SupportStatus.CONFIRMED,
    ).exists()
    problems = []
    if not confirmed:
        problems.append(
            _("Руководитель ещё не подтвердил, что организации нужна поддержка в %(year)s учебном году.")
            % {"year": programme.year.label}
        )
    if programme.curator_id is None:
        problems.append(_("Назначьте куратора программы."))
    if not programme.measures.exists():
        problems.append(_("Добавьте в программу хотя бы одно мероприятие."))
    if problems:
        raise ValidationError(problems)
    return _transition(
        programme=programme,
        to_status=ProgrammeStatus.ACTIVE,
        acting_user=acting_user,
        note="",
        skip_permission_checks=skip_permission_checks,
    )


@transaction.atomic
def programme_finish(
    *, programme: SupportProgramme, acting_user: ActingUser, conclusion: str, skip_permission_checks: bool = False
) -> SupportProgramme:
    """The curator or the head closes the programme with its conclusion."""
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Опишите итоги программы.")})
    return _transition(
        programme=programme,
        to_status=ProgrammeStatus.FINISHED,
        acting_user=acting_user,
        note=conclusion.strip(),
        skip_permission_checks=skip_permission_checks,
    )


@transaction.atomic
def programme_cancel(
    *, programme: SupportProgramme, acting_user: ActingUser, reason: str, skip_permission_checks: bool = False
) -> SupportProgramme:
    """The head stops a draft or an active programme, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Укажите причину отмены.")})
    return _transition(
        programme=programme,
        to_status=ProgrammeStatus.CANCELLED,
        acting_user=acting_user,
        note=reason.strip(),
        skip_permission_checks=skip_permission_checks,
    )


def programme_effects_refresh(*, programmes: Iterable[SupportProgramme] | None = None) -> int:
    """Judge the effect of active and finished programmes again; returns how many verdicts changed."""
    candidates = (
        list(programmes)
        if programmes is not None
        else list(SupportProgramme.objects.filter(status__in=[ProgrammeStatus.ACTIVE, ProgrammeStatus.FINISHED]))
    )
    changed = 0
    for programme in candidates:
        judged = programme.status in (ProgrammeStatus.ACTIVE, ProgrammeStatus.FINISHED)
        improved = programme_effect(programme).improved if judged else None
        if improved != programme.effect_improved:
            SupportProgramme.objects.filter(pk=programme.pk).update(effect_improved=improved)
            programme.effect_improved = improved
            changed += 1
    return changed


# Measures --------------------------------------------------------------------------------------


def _measure_editable(programme: SupportProgramme, acting_user: ActingUser, *, skip: bool) -> None:
    _locked(programme)
    if not skip and not user_may_edit(acting_user, programme):
        raise PermissionDenied(_("Мероприятия программы меняют куратор или руководитель, пока она не завершена."))


@transaction.atomic
def measure_create(
    *,
    programme: SupportProgramme,
    acting_user: ActingUser,
    teachers: Iterable[Any] = (),
    skip_permission_checks: bool = False,
    **values: Any,
) -> SupportMeasure:
    _measure_editable(programme, acting_user, skip=skip_permission_checks)
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    measure = SupportMeasure(programme=programme, **values)
    _link_completion(measure)
    measure.full_clean()
    audited_create(measure, acting_user=acting_user)
    measure.teachers.set(list(teachers))
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: SupportMeasure,
    acting_user: ActingUser,
    data: Mapping[str, Any],
    skip_permission_checks: bool = False,
) -> SupportMeasure:
    _measure_editable(measure.programme, acting_user, skip=skip_permission_checks)
    for name in MEASURE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    _link_completion(measure)
    measure.full_clean()
    audited_update(measure, acting_user=acting_user)
    if "teachers" in data:
        measure.teachers.set(list(data["teachers"]))
    return measure


@transaction.atomic
def measure_delete(*, measure: SupportMeasure, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    _measure_editable(measure.programme, acting_user, skip=skip_permission_checks)
    audited_delete(measure, acting_user=acting_user)


def _completed_on(measure: SupportMeasure) -> datetime.date | None:
    """The day the linked object shows the measure done, or None."""
    if measure.visit_id is not None and measure.visit is not None and measure.visit.status == VisitStatus.DONE:
        return measure.visit.visited_on
    if measure.consultation_id is not None and measure.consultation is not None:
        answered = measure.consultation.answered_at
        return timezone.localdate(answered) if answered else None
    if measure.event_id is not None and measure.event is not None and measure.event.is_held:
        return timezone.localdate(measure.event.ends_at)
    if measure.course_record_id is not None and measure.course_record is not None:
        return measure.course_record.end_date
    if measure.mentorship_id is not None and measure.mentorship is not None:
        status = measure.mentorship.status
        return measure.mentorship.starts_on if status in ("active", "completed") else None
    return None


def _link_completion(measure: SupportMeasure) -> bool:
    if measure.status != MeasureStatus.PLANNED:
        return False
    done_on = _completed_on(measure)
    if done_on is None:
        return False
    measure.status, measure.done_on = MeasureStatus.DONE, done_on
    return True


def measure_links_sync(*, programmes: Iterable[SupportProgramme] | None = None) -> int:
    """Mark done the planned measures whose linked object shows them done; returns how many."""
    measures = SupportMeasure.objects.filter(status=MeasureStatus.PLANNED, programme__status=ProgrammeStatus.ACTIVE)
    if programmes is not None:
        measures = measures.filter(programme__in=list(programmes))
    done = []
    for measure in measures.select_related("visit", "consultation", "event", "course_record", "mentorship"):
        if _link_completion(measure):
            done.append(measure)
    SupportMeasure.objects.bulk_update(done, ["status", "done_on"])
    return len(done)
