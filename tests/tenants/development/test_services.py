"""Diagnostics open deficits; routes are built from them; steps complete by a course, an attended
event or the teacher's mark; a finished route closes its deficits (004 §2.1.9–2.1.10, §3.3.3)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from tenants.development.models import (
    CourseFormat,
    Deficit,
    DeficitStatus,
    DiagnosticInstrument,
    ResultLevel,
    RouteStatus,
    StepKind,
    StepStatus,
)
from tenants.development.services import (
    ResultData,
    course_record_create,
    diagnostic_create,
    learning_route_build,
    route_step_mark_done,
)
from tenants.event_vocabulary import EventKind
from tenants.events.models import Event
from tenants.events.signals import participant_attended
from tests.tenants.development.factories import (
    CourseOfferFactory,
    DeficitFactory,
    LearningRouteFactory,
    RouteStepFactory,
    area,
)
from tests.tenants.people.factories import TeacherFactory

TODAY = datetime.date.today


def _course(teacher, *, user=None, end_date=None, areas=(), programme="Цифровая школа", provider="ЛОИРО", offer=None):
    end = end_date or TODAY()
    return course_record_create(
        acting_user=user,
        teacher=teacher,
        provider=provider,
        programme=programme,
        hours=36,
        format=CourseFormat.DISTANCE,
        start_date=end - datetime.timedelta(days=10),
        end_date=end,
        competence_areas=areas,
        course_offer=offer,
    )


def _event(**fields) -> Event:
    starts = timezone.now() + datetime.timedelta(days=fields.pop("in_days", 10))
    return Event.objects.create(
        title=fields.pop("title", "Семинар «Цифровые инструменты учителя»"),
        kind=EventKind.SEMINAR,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_public=True,
        **fields,
    )


def test_a_diagnostic_opens_deficits_once_per_area(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        first = diagnostic_create(
            acting_user=methodologist_a,
            teacher=teacher,
            held_on=datetime.date(2025, 10, 1),
            instrument=DiagnosticInstrument.REGIONAL,
            instrument_name="Региональная диагностика",
            results=[
                ResultData(area=area("digital"), level=ResultLevel.INSUFFICIENT),  # a deficit by its level
                ResultData(area=area("assessment"), score=12, max_score=20, is_deficit=True),
                ResultData(area=area("subject"), level=ResultLevel.HIGH),
            ],
        )
        assert {d.area.code for d in first.deficits.all()} == {"digital", "assessment"}
        diagnostic_create(
            acting_user=methodologist_a,
            teacher=teacher,
            held_on=datetime.date(2026, 2, 1),
            instrument=DiagnosticInstrument.MUNICIPAL,
            instrument_name="Муниципальная диагностика",
            results=[ResultData(area=area("digital"), level=ResultLevel.INSUFFICIENT)],
        )
        assert Deficit.objects.filter(teacher=teacher, status=DeficitStatus.OPEN).count() == 2
        with pytest.raises(ValidationError):
            diagnostic_create(
                acting_user=methodologist_a,
                teacher=teacher,
                held_on=datetime.date(2026, 2, 1),
                instrument=DiagnosticInstrument.OTHER,
                instrument_name="Без результатов",
                results=[ResultData(area=area("digital"))],  # neither level nor score
            )
    assert AuditEntry.objects.filter(action="deficit.open", actor=methodologist_a).count() == 1


def test_a_route_is_built_from_open_deficits_with_the_first_fitting_suggestion(muni_a, methodologist_a):
    start, end = TODAY(), TODAY() + datetime.timedelta(days=200)
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        digital = DeficitFactory(teacher=teacher, area=area("digital"))
        inclusive = DeficitFactory(teacher=teacher, area=area("inclusive"))
        research = DeficitFactory(teacher=teacher, area=area("research"))
        DeficitFactory(teacher=teacher, area=area("gifted"), status=DeficitStatus.CLOSED)
        offer = CourseOfferFactory(competence_areas=[area("digital")])
        CourseOfferFactory(competence_areas=[area("digital")], start_date=end + datetime.timedelta(days=5))
        event = _event(competence_areas=["inclusive"])
        _event(competence_areas=["research"], in_days=400)  # after the route's end

        route = learning_route_build(
            acting_user=methodologist_a, teacher=teacher, tutor=None, period_start=start, period_end=end
        )
        steps = {s.area.code: s for s in route.steps.all()}
        assert set(route.deficits.all()) == {digital, inclusive, research}
        assert (steps["digital"].kind, steps["digital"].course_offer) == (StepKind.COURSE, offer)
        assert steps["digital"].target_date == offer.end_date
        assert (steps["inclusive"].kind, steps["inclusive"].event) == (StepKind.EVENT, event)
        assert (steps["research"].kind, steps["research"].target_date) == (StepKind.SELF_STUDY, end)

        other = TeacherFactory()
        with pytest.raises(ValidationError):
            learning_route_build(
                acting_user=methodologist_a,
                teacher=other,
                tutor=None,
                period_start=start,
                period_end=end,
                deficits=[digital],
            )


def test_a_course_record_completes_the_step_of_its_offer(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        offer = CourseOfferFactory(programme="Формирующее оценивание", provider="ГАОУ ДПО «ЛОИРО»")
        route = LearningRouteFactory(teacher=teacher)
        step = RouteStepFactory(route=route, kind=StepKind.COURSE, course_offer=offer)
        other_offer_step = RouteStepFactory(route=route, kind=StepKind.COURSE, course_offer=CourseOfferFactory())

        _course(teacher, programme="Другая программа", user=methodologist_a)
        step.refresh_from_db()
        assert step.status == StepStatus.PLANNED

        # Same programme and provider as the offer, spelled differently: the offer's course.
        record = _course(teacher, programme="формирующее  оценивание", provider="ГАОУ ДПО ЛОИРО", user=methodologist_a)
        step.refresh_from_db()
        other_offer_step.refresh_from_db()
        assert (step.status, step.course_record, step.done_on) == (StepStatus.DONE, record, record.end_date)
        assert other_offer_step.status == StepStatus.PLANNED
        route.refresh_from_db()
        assert route.status == RouteStatus.ACTIVE  # one step still planned


def test_a_course_in_the_steps_area_within_the_period_completes_it_and_the_route(muni_a, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        deficit = DeficitFactory(teacher=teacher, area=area("digital"))
        route = LearningRouteFactory(teacher=teacher)
        route.deficits.set([deficit])
        step = RouteStepFactory(route=route, kind=StepKind.COURSE, area=area("digital"))
        RouteStepFactory(route=route, kind=StepKind.SELF_STUDY, status=StepStatus.CANCELLED)

        # Before the route began: not this route's course.
        _course(teacher, end_date=route.period_start - datetime.timedelta(days=1), areas=[area("digital")])
        # Another area: no.
        _course(teacher, areas=[area("fgos")], programme="ФГОС")
        # Another teacher's course in the area: no.
        _course(TeacherFactory(), areas=[area("digital")])
        step.refresh_from_db()
        assert step.status == StepStatus.PLANNED

        _course(teacher, areas=[area("digital"), area("fgos")], programme="Цифровая школа 2.0", user=methodologist_a)
        step.refresh_from_db()
        route.refresh_from_db()
        deficit.refresh_from_db()
        assert step.status == StepStatus.DONE
        assert (route.status, route.completed_on) == (RouteStatus.COMPLETED, TODAY())
        assert (deficit.status, deficit.closed_on) == (DeficitStatus.CLOSED, TODAY())
    assert AuditEntry.objects.filter(action="learning_route.complete", target__contains=f"#{route.pk}").exists()


def _attend(event, *, user_id=None, email=""):
    participant_attended.send(sender=None, event_id=event.pk, registration_id=1, user_id=user_id, email=email)


def test_attending_a_linked_event_completes_the_step(muni_a, make_user):
    person = make_user()
    with tenant_context(muni_a):
        teacher = TeacherFactory(user=person)
        event, other_event = _event(), _event(title="Другое")
        route = LearningRouteFactory(teacher=teacher)
        step = RouteStepFactory(route=route, kind=StepKind.EVENT, event=event)
        RouteStepFactory(route=route, kind=StepKind.SELF_STUDY)

        _attend(other_event, user_id=person.pk)
        _attend(event, user_id=make_user().pk)  # someone else attended
        step.refresh_from_db()
        assert step.status == StepStatus.PLANNED

        _attend(event, user_id=person.pk)
        step.refresh_from_db()
        assert (step.status, step.done_on) == (StepStatus.DONE, TODAY())
        route.refresh_from_db()
        assert route.status == RouteStatus.ACTIVE


def test_a_guest_registration_matches_the_only_teacher_with_that_email(muni_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory(email="petrova@example.test")
        event = _event()
        step = RouteStepFactory(route=LearningRouteFactory(teacher=teacher), kind=StepKind.EVENT, event=event)
        TeacherFactory(email="twin@example.test")
        TeacherFactory(email="twin@example.test")
        twin_step = RouteStepFactory(
            route=LearningRouteFactory(teacher=TeacherFactory(email="twin@example.test")),
            kind=StepKind.EVENT,
            event=event,
        )
        _attend(event, email="Petrova@Example.test")
        _attend(event, email="twin@example.test")  # three teachers share it: nobody's step
        step.refresh_from_db()
        twin_step.refresh_from_db()
        assert step.status == StepStatus.DONE and twin_step.status == StepStatus.PLANNED


def test_the_teacher_marks_own_steps_only_on_an_active_route(muni_a, make_user):
    person = make_user()
    with tenant_context(muni_a):
        teacher = TeacherFactory(user=person)
        route = LearningRouteFactory(teacher=teacher)
        step = RouteStepFactory(route=route)
        stranger_step = RouteStepFactory()
        with pytest.raises(PermissionDenied):
            route_step_mark_done(step=stranger_step, acting_user=person, teacher=teacher)
        route_step_mark_done(step=step, acting_user=person, teacher=teacher)
        with pytest.raises(ValidationError):
            route_step_mark_done(step=step, acting_user=person, teacher=teacher)
        route.refresh_from_db()
        assert route.status == RouteStatus.COMPLETED
        late = RouteStepFactory(route=route)
        with pytest.raises(ValidationError):
            route_step_mark_done(step=late, acting_user=person, teacher=teacher)


def test_the_events_apps_attendance_mark_completes_the_step_in_its_transaction(muni_a, make_user, methodologist_a):
    from django.db import transaction

    from tenants.events.services import registration_attendance_mark, registration_create
    from tests.tenants.events.factories import make_event

    person = make_user()
    with tenant_context(muni_a):
        teacher = TeacherFactory(user=person)
        event = make_event(acting_user=methodologist_a)
        step = RouteStepFactory(route=LearningRouteFactory(teacher=teacher), kind=StepKind.EVENT, event=event)
        RouteStepFactory(route=step.route)
        registration = registration_create(event=event, acting_user=person)

        # The mark rolled back: the step stays planned.
        with pytest.raises(RuntimeError), transaction.atomic():
            registration_attendance_mark(registration=registration, attended=True, acting_user=methodologist_a)
            raise RuntimeError
        step.refresh_from_db()
        assert step.status == StepStatus.PLANNED

        registration_attendance_mark(registration=registration, attended=True, acting_user=methodologist_a)
        step.refresh_from_db()
        assert step.status == StepStatus.DONE
