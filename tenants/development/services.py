"""Writes of teachers' professional growth: courses, diagnostics, deficits, routes (ИОМ).

Every write runs in one transaction with its audit row (``audit_record`` directly, or through
the audited Wagtail actions for plain creates and edits), Wagtail's history entry, and the
roll-up refresh (``tenants.development.rollups``), so the region's numbers move with the change.
The app's Wagtail actions (``tenants.development.actions``) call the ``*_saved`` hooks below
after every create and edit, from the admin's forms and from these services alike.

Rules (004 §2.1.9–2.1.10, §3.3.1, §3.3.3):

* A diagnostic result marked as a deficit (a level «недостаточный» always is) opens a deficit in
  that area, unless the teacher already has one open there.
* A route is built from a teacher's open deficits: one step per deficit, taken from the first
  suggestion that fits the route's period — a course offer, else an event of the municipality,
  else an event of the unified calendar, else a self-study step for the tutor to fill in.
* A course record completes a planned **course** step of the teacher's active routes when
  (a) the step names a course offer and the record was taken on that offer (it names it, or its
  programme and provider are the offer's, ignoring case, quotes and spacing); or (b) the step
  names no offer but a competence area, the record covers that area, and the course ended within
  the route's period.
* An attendance mark at a municipal event (the events app's ``participant_attended`` signal)
  completes the planned steps linked to that event in the active routes of the teacher whose
  account attended (or, for a guest registration, of the only teacher with that e-mail).
* When every step of a route that is not cancelled is done (and at least one is), the route is
  completed, and the deficits it addressed are closed on that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from wagtail.log_actions import log

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.development.models import (
    CompetenceArea,
    CourseDocumentKind,
    CourseOffer,
    CourseRecord,
    Deficit,
    DeficitStatus,
    Diagnostic,
    DiagnosticResult,
    LearningRoute,
    RouteStatus,
    RouteStep,
    StepKind,
    StepStatus,
)
from tenants.development.rollups import development_rollup_refresh
from tenants.imports.cells import normalised
from tenants.municipalities.schemas import schema_active
from tenants.people.models import Methodologist, Teacher

STEP_DONE_LOG_ACTION = "development.step_done"
ROUTE_COMPLETED_LOG_ACTION = "development.route_completed"
COURSE_RECORD_FIELDS = (
    "teacher",
    "provider",
    "programme",
    "hours",
    "format",
    "start_date",
    "end_date",
    "document_kind",
    "document_number",
    "course_offer",
)


def _audit(action: str, *, acting_user: ActingUser, target: Any, data: dict[str, Any]) -> None:
    audit_record_municipal(
        action=action,
        acting_user=acting_user,
        target=f"{target._meta.model_name}#{target.pk}: {target}",
        data=data,
    )


def stored_file_delete_on_commit(name: str) -> None:
    """Delete a stored file of this municipality once the transaction that dropped it commits."""
    if not name:
        return
    schema = schema_active()

    def delete() -> None:
        # The storage is rooted at the schema in use; pin it, whatever runs the callback.
        with schema_context(schema):
            default_storage.delete(name)

    transaction.on_commit(delete)


# Courses ---------------------------------------------------------------------------------------


@transaction.atomic
def course_record_create(
    *,
    acting_user: ActingUser,
    teacher: Teacher,
    provider: str,
    programme: str,
    hours: int,
    format: str,
    start_date: datetime.date,
    end_date: datetime.date,
    document_kind: str = CourseDocumentKind.CERTIFICATE,
    document_number: str = "",
    file: UploadedFile | None = None,
    competence_areas: Iterable[CompetenceArea] = (),
    course_offer: CourseOffer | None = None,
) -> CourseRecord:
    """Record a completed course (001 §3.7); it may complete steps of the teacher's routes."""
    record = CourseRecord(
        teacher=teacher,
        provider=provider,
        programme=programme,
        hours=hours,
        format=format,
        start_date=start_date,
        end_date=end_date,
        document_kind=document_kind,
        document_number=document_number,
        course_offer=course_offer,
    )
    if file is not None:
        record.file = file  # type: ignore[assignment]
    record.full_clean()
    audited_create(record, acting_user=acting_user, related={"competence_areas": competence_areas})
    return record


@transaction.atomic
def course_record_update(*, record: CourseRecord, acting_user: ActingUser, data: Mapping[str, Any]) -> CourseRecord:
    """Change a record; a replaced or cleared scan goes once the change is committed."""
    for name in COURSE_RECORD_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    if "file" in data:
        record.file = data["file"]
    record.full_clean()
    related = {"competence_areas": data["competence_areas"]} if "competence_areas" in data else {}
    audited_update(record, acting_user=acting_user, related=related)
    return record


@transaction.atomic
def course_record_delete(*, record: CourseRecord, acting_user: ActingUser) -> None:
    """Delete a record; its file goes once the deletion is committed. Completed steps stay done."""
    audited_delete(record, acting_user=acting_user)


def course_record_saved(record: CourseRecord, *, created: bool, acting_user: ActingUser) -> None:
    """After a record is written (service or admin form, areas included): steps, roll-up."""
    if created:
        route_steps_complete_for_course(record=record, acting_user=acting_user)
    development_rollup_refresh()


def _same(a: str, b: str) -> bool:
    return normalised(a) == normalised(b)


def route_steps_complete_for_course(*, record: CourseRecord, acting_user: ActingUser) -> list[RouteStep]:
    """Complete the planned course steps this record fulfils (the rule in the module docstring)."""
    area_ids = set(record.competence_areas.values_list("pk", flat=True))
    steps = (
        RouteStep.objects.select_related("route", "course_offer")
        .filter(
            route__teacher_id=record.teacher_id,
            route__status=RouteStatus.ACTIVE,
            kind=StepKind.COURSE,
            status=StepStatus.PLANNED,
        )
        .filter(Q(course_offer__isnull=False) | Q(area_id__in=area_ids))
        .order_by("target_date", "pk")
    )
    fulfilled = []
    for step in steps:
        offer = step.course_offer
        if offer is not None:
            matches = record.course_offer_id == offer.pk or (
                _same(record.programme, offer.programme) and _same(record.provider, offer.provider)
            )
        else:
            route = step.route
            matches = route.period_start <= record.end_date <= route.period_end
        if matches:
            _step_done(step, on=record.end_date, acting_user=acting_user, course_record=record, reason="course")
            fulfilled.append(step)
    _routes_complete_if_done({step.route for step in fulfilled}, acting_user=acting_user)
    return fulfilled


OFFER_DETAILS = frozenset({"provider_kind", "audience", "description", "quota", "applications_until", "is_public"})


@transaction.atomic
def course_offer_create(
    *,
    acting_user: ActingUser,
    provider: str,
    programme: str,
    hours: int,
    format: str,
    start_date: datetime.date,
    end_date: datetime.date,
    competence_areas: Iterable[CompetenceArea],
    link: str = "",
    **details: Any,
) -> CourseOffer:
    """An offered course; ``details`` are its other fields (quota, audience, provider kind, …)."""
    unknown = set(details) - OFFER_DETAILS
    if unknown:
        raise TypeError(f"not course offer fields: {sorted(unknown)}")
    offer = CourseOffer(
        provider=provider,
        programme=programme,
        hours=hours,
        format=format,
        start_date=start_date,
        end_date=end_date,
        link=link,
        **details,
    )
    offer.full_clean()
    audited_create(offer, acting_user=acting_user, related={"competence_areas": competence_areas})
    return offer


@transaction.atomic
def competence_area_create(*, acting_user: ActingUser, code: str, name: str, position: int = 100) -> CompetenceArea:
    """A municipality's own competence area, next to the region's default ones (004 §2.1.9)."""
    area = CompetenceArea(code=code, name=name, position=position)
    area.full_clean()
    audited_create(area, acting_user=acting_user)
    return area


# Diagnostics and deficits ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResultData:
    """One competence area's result in a diagnostic: a level or a score, maybe a deficit."""

    area: CompetenceArea
    level: str = ""
    score: Decimal | None = None
    max_score: Decimal | None = None
    is_deficit: bool = False


@transaction.atomic
def diagnostic_create(
    *,
    acting_user: ActingUser,
    teacher: Teacher,
    held_on: datetime.date,
    instrument: str,
    instrument_name: str,
    results: Sequence[ResultData],
    notes: str = "",
) -> Diagnostic:
    """Record a diagnostic of a teacher's competences (004 §2.1.9) and open the deficits it found."""
    if not results:
        raise ValidationError(_("Укажите результат хотя бы по одной области компетенций."))
    areas = [r.area.pk for r in results]
    if len(set(areas)) != len(areas):
        raise ValidationError(_("Каждая область компетенций указывается в диагностике один раз."))
    diagnostic = Diagnostic(
        teacher=teacher, held_on=held_on, instrument=instrument, instrument_name=instrument_name, notes=notes
    )
    diagnostic.full_clean()
    for result in results:
        child = DiagnosticResult(
            area=result.area,
            level=result.level,
            score=result.score,
            max_score=result.max_score,
            is_deficit=result.is_deficit,
        )
        child.full_clean(exclude=["diagnostic"])
        diagnostic.results.add(child)
    audited_create(diagnostic, acting_user=acting_user)
    return diagnostic


def diagnostic_saved(diagnostic: Diagnostic, *, acting_user: ActingUser) -> list[Deficit]:
    """After a diagnostic is written: open the deficits its results show; refresh the roll-up.

    A deficit this diagnostic opened for an area no longer marked is withdrawn, unless a route
    already addresses it.
    """
    marked = {r.area_id: r for r in diagnostic.results.all() if r.is_deficit}
    Deficit.objects.filter(diagnostic=diagnostic, status=DeficitStatus.OPEN, routes__isnull=True).exclude(
        area_id__in=list(marked)
    ).delete()
    already_open = set(
        Deficit.objects.filter(teacher_id=diagnostic.teacher_id, status=DeficitStatus.OPEN).values_list(
            "area_id", flat=True
        )
    )
    created = Deficit.objects.bulk_create(
        [
            Deficit(
                teacher_id=diagnostic.teacher_id, area_id=area_id, diagnostic=diagnostic, found_on=diagnostic.held_on
            )
            for area_id in marked
            if area_id not in already_open
        ]
    )
    if created:
        _audit(
            "deficit.open",
            acting_user=acting_user,
            target=diagnostic,
            data={"diagnostic": diagnostic.pk, "deficits": [d.pk for d in created]},
        )
    development_rollup_refresh()
    return created


@transaction.atomic
def deficit_close(
    *, deficit: Deficit, acting_user: ActingUser, on: datetime.date | None = None, note: str = ""
) -> Deficit:
    if deficit.status == DeficitStatus.CLOSED:
        return deficit
    deficit.status = DeficitStatus.CLOSED
    deficit.closed_on = on or timezone.localdate()
    if note:
        deficit.note = note
    deficit.save(update_fields=["status", "closed_on", "note"])
    _audit("deficit.close", acting_user=acting_user, target=deficit, data={"id": deficit.pk})
    development_rollup_refresh()
    return deficit


# Routes ----------------------------------------------------------------------------------------


@transaction.atomic
def learning_route_build(
    *,
    acting_user: ActingUser,
    teacher: Teacher,
    tutor: Methodologist | None,
    period_start: datetime.date,
    period_end: datetime.date,
    deficits: Iterable[Deficit] | None = None,
    title: str = "",
) -> LearningRoute:
    """Build a route (ИОМ, 004 §2.1.10, §3.3.3) from the teacher's open deficits, one step each.

    ``deficits`` defaults to all the teacher's open ones; a step takes the first suggestion
    that fits the period (see the module docstring), else it is a self-study step.
    """
    from tenants.development.selectors import deficit_suggestions

    chosen = (
        list(deficits)
        if deficits is not None
        else list(Deficit.objects.select_related("area").filter(teacher=teacher, status=DeficitStatus.OPEN))
    )
    if any(d.teacher_id != teacher.pk or d.status != DeficitStatus.OPEN for d in chosen):
        raise ValidationError(_("В маршрут включаются только открытые дефициты этого педагога."))
    route = LearningRoute(teacher=teacher, tutor=tutor, period_start=period_start, period_end=period_end)
    if title:
        route.title = title
    route.full_clean()
    for suggestion in deficit_suggestions(chosen, until=period_end):
        route.steps.add(_step_from_suggestion(suggestion, period_start=period_start, period_end=period_end))
    audited_create(route, acting_user=acting_user, related={"deficits": chosen})
    return route


def _step_from_suggestion(suggestion: Any, *, period_start: datetime.date, period_end: datetime.date) -> RouteStep:
    area = suggestion.deficit.area
    for offer in suggestion.course_offers:
        if period_start <= offer.end_date <= period_end:
            return RouteStep(
                kind=StepKind.COURSE,
                title=offer.programme[:500],
                area=area,
                target_date=offer.end_date,
                course_offer=offer,
            )
    for event in suggestion.events:
        day = timezone.localdate(event.starts_at)
        if period_start <= day <= period_end:
            return RouteStep(kind=StepKind.EVENT, title=event.title[:500], area=area, target_date=day, event=event)
    for regional in suggestion.regional_events:
        if period_start <= regional.starts_on <= period_end:
            return RouteStep(
                kind=StepKind.EVENT,
                title=regional.title[:500],
                area=area,
                target_date=regional.ends_on,
                regional_event_id=regional.pk,
            )
    return RouteStep(
        kind=StepKind.SELF_STUDY,
        title=_("Самообразование: %(area)s") % {"area": area.name},
        area=area,
        target_date=period_end,
    )


def learning_route_saved(route: LearningRoute, *, acting_user: ActingUser) -> None:
    """After a route is written (the tutor's edit in the admin): a step the tutor set to «выполнен»
    gets its date and who marked it; a route whose steps are all done is completed."""
    RouteStep.objects.filter(route_id=route.pk, status=StepStatus.DONE, done_on__isnull=True).update(
        done_on=timezone.localdate(), done_by=signed_in_user(acting_user)
    )
    _routes_complete_if_done({route}, acting_user=acting_user)
    development_rollup_refresh()


@transaction.atomic
def route_step_mark_done(*, step: RouteStep, acting_user: ActingUser, teacher: Teacher | None = None) -> RouteStep:
    """The teacher (``teacher``: only on their own route) or the tutor marks a step done."""
    locked = RouteStep.objects.select_for_update().select_related("route").get(pk=step.pk)
    if teacher is not None and locked.route.teacher_id != teacher.pk:
        raise PermissionDenied
    if locked.route.status != RouteStatus.ACTIVE:
        raise ValidationError(_("Маршрут уже не выполняется: шаги в нём не отмечаются."))
    if locked.status != StepStatus.PLANNED:
        raise ValidationError(_("Этот шаг уже отмечен."))
    _step_done(locked, on=timezone.localdate(), acting_user=acting_user, reason="marked")
    _routes_complete_if_done({locked.route}, acting_user=acting_user)
    development_rollup_refresh()
    return locked


def _step_done(
    step: RouteStep,
    *,
    on: datetime.date,
    acting_user: ActingUser,
    reason: str,
    course_record: CourseRecord | None = None,
) -> None:
    step.status = StepStatus.DONE
    step.done_on = on
    step.done_by = signed_in_user(acting_user)
    fields = ["status", "done_on", "done_by"]
    if course_record is not None:
        step.course_record = course_record
        fields.append("course_record")
    step.save(update_fields=fields)
    data = {"route": step.route_id, "step": step.pk, "reason": reason}
    log(instance=step.route, action=STEP_DONE_LOG_ACTION, user=signed_in_user(acting_user), data=data)
    _audit("route_step.done", acting_user=acting_user, target=step, data=data)


def _routes_complete_if_done(routes: Iterable[LearningRoute], *, acting_user: ActingUser) -> None:
    for route in routes:
        if route.status != RouteStatus.ACTIVE:
            continue
        statuses = set(
            RouteStep.objects.filter(route_id=route.pk)
            .exclude(status=StepStatus.CANCELLED)
            .values_list("status", flat=True)
        )
        if statuses != {StepStatus.DONE}:
            continue
        today = timezone.localdate()
        LearningRoute.objects.filter(pk=route.pk).update(status=RouteStatus.COMPLETED, completed_on=today)
        route.status, route.completed_on = RouteStatus.COMPLETED, today
        closed = list(route.deficits.filter(status=DeficitStatus.OPEN).values_list("pk", flat=True))
        Deficit.objects.filter(pk__in=closed).update(status=DeficitStatus.CLOSED, closed_on=today)
        data = {"route": route.pk, "deficits_closed": closed}
        log(instance=route, action=ROUTE_COMPLETED_LOG_ACTION, user=signed_in_user(acting_user), data=data)
        _audit("learning_route.complete", acting_user=acting_user, target=route, data=data)


@transaction.atomic
def route_steps_complete_for_event(*, event_id: int, user_id: int | None, email: str = "") -> list[RouteStep]:
    """Someone attended a municipal event: complete the planned steps linked to it (004 §3.3.3).

    Called from the events app's ``participant_attended`` signal, inside its transaction.
    """
    teachers = list(Teacher.objects.filter(user_id=user_id).values_list("pk", flat=True)) if user_id else []
    if not teachers and email:
        by_email = list(Teacher.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True)[:2])
        teachers = by_email if len(by_email) == 1 else []
    if not teachers:
        return []
    steps = list(
        RouteStep.objects.select_related("route").filter(
            event_id=event_id,
            status=StepStatus.PLANNED,
            route__teacher_id__in=teachers,
            route__status=RouteStatus.ACTIVE,
        )
    )
    for step in steps:
        _step_done(step, on=timezone.localdate(), acting_user=None, reason=f"event:{event_id}")
    if steps:
        _routes_complete_if_done({step.route for step in steps}, acting_user=None)
        development_rollup_refresh()
    return steps
