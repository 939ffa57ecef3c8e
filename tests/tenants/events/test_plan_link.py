"""Events and the annual plan: a held event marks its item done; the plan takes regional events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.academic_years import AcademicYear
from tenants.event_vocabulary import EventAudience, EventKind
from tenants.events.models import Registration, RegistrationStatus
from tenants.events.services import event_mark_held, regional_event_take_into_plan, registration_attendance_mark
from tenants.plans.models import AnnualPlan, Direction, ItemForm, ItemStatus, PlanItem
from tenants.plans.services import plan_approve, plan_create, plan_item_create, plan_submit
from tests.tenants.events.factories import make_event
from unified_calendar.models import RegionalEvent


def plan(*, approved: bool) -> tuple[AnnualPlan, PlanItem]:
    year = AcademicYear.of(timezone.localdate())
    annual = plan_create(academic_year=year, acting_user=None, skip_permission_checks=True)
    item = plan_item_create(
        plan=annual,
        acting_user=None,
        skip_permission_checks=True,
        direction=Direction.objects.get(code="organisational"),
        form=ItemForm.SEMINAR,
        topic="Семинар по наставничеству",
        month=timezone.localdate().month,
    )
    if approved:
        plan_submit(plan=annual, acting_user=None, skip_permission_checks=True)
        plan_approve(plan=annual, acting_user=None, skip_permission_checks=True)
    return annual, item


def test_held_event_marks_its_plan_item_done_with_the_attendance(muni_a, make_user):
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        _annual, item = plan(approved=True)
        event = make_event(starts_at=timezone.now() - datetime.timedelta(hours=3), plan_item=item)
        for n in range(3):
            registration = Registration.objects.create(
                event=event, full_name=f"П{n}", email=f"p{n}@x.test", status=RegistrationStatus.CONFIRMED
            )
            if n:
                registration_attendance_mark(registration=registration, attended=True, acting_user=methodologist)
        held = event_mark_held(event=event, acting_user=methodologist)
        item.refresh_from_db()
    assert held.plan_refusal == ""
    assert item.status == ItemStatus.DONE and item.participants == 2
    assert "присутствовали: 2" in item.actual_result


def test_a_draft_plan_refuses_but_the_event_is_still_held(muni_a):
    with tenant_context(muni_a):
        _annual, item = plan(approved=False)
        event = make_event(starts_at=timezone.now() - datetime.timedelta(hours=3), plan_item=item)
        held = event_mark_held(event=event, acting_user=None)
        item.refresh_from_db()
    assert held.is_held and held.plan_refusal and item.status == ItemStatus.PLANNED


def test_plan_takes_a_regional_event_directly_or_through_a_correction(muni_a, make_user, host_client):
    head = make_user(Role.HEAD, muni_a)
    day = timezone.localdate() + datetime.timedelta(days=10)
    regional = RegionalEvent.objects.create(
        title="Областной форум молодых педагогов",
        kind=EventKind.CONFERENCE,
        audience=EventAudience.YOUNG_TEACHERS,
        starts_on=day,
        ends_on=day,
        organiser="ЛОИРО",
    )
    with tenant_context(muni_a):
        annual, _item = plan(approved=True)
        direction = Direction.objects.get(code="informational")
        with pytest.raises(ValidationError, match="только через коррекцию"):
            regional_event_take_into_plan(regional_event=regional, plan=annual, direction=direction, acting_user=head)
    client = host_client(muni_a, head)
    listing = client.get("/admin/event_admin/regional/").content.decode()
    assert "Областной форум молодых педагогов" in listing and "Взять в годовой план" in listing
    url = f"/admin/event_admin/regional/{regional.pk}/to-plan/"
    refused = client.post(url, {"plan": annual.pk, "direction": direction.pk})
    assert "выберите открытую коррекцию" in refused.content.decode()
    response = client.post(
        url,
        {
            "plan": annual.pk,
            "direction": direction.pk,
            "new_correction_kind": "month",
            "new_correction_reason": "Участие в областном форуме",
        },
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        added = PlanItem.objects.get(unified_calendar_event_id=regional.pk)
        assert added.topic == regional.title and added.form == ItemForm.CONFERENCE and added.date_start == day
        assert added.correction is not None and added.correction.reason == "Участие в областном форуме"
        with pytest.raises(ValidationError, match="уже есть в плане"):
            regional_event_take_into_plan(regional_event=regional, plan=annual, direction=direction, acting_user=head)
    teacher = make_user(Role.TEACHER, muni_a)
    assert host_client(muni_a, teacher).get(url).status_code in (302, 403)
