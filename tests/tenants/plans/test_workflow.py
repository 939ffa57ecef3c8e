"""The plan's workflow: every transition, who may make it, and what it records (000 §3.2, 001 §3.2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup, PlanStatus
from tenants.plans.selectors import user_may_transition
from tenants.plans.services import (
    plan_approve,
    plan_close,
    plan_create,
    plan_return,
    plan_start_execution,
    plan_submit,
)
from tests.tenants.plans.conftest import YEAR, draft_plan


def test_the_whole_workflow_with_the_right_roles(muni_a, head_a, chair_a):
    with tenant_context(muni_a):
        plan = draft_plan()
        plan_submit(plan=plan, acting_user=head_a, comment="Прошу утвердить")
        plan_return(plan=plan, acting_user=chair_a, comment="Добавьте мероприятия по наставничеству")
        assert plan.status == PlanStatus.RETURNED
        plan_submit(plan=plan, acting_user=head_a)
        plan_approve(plan=plan, acting_user=chair_a)
        assert plan.status == PlanStatus.APPROVED and plan.approved_by == chair_a and plan.approved_at
        plan_start_execution(plan=plan, acting_user=head_a)
        plan_close(plan=plan, acting_user=head_a, comment="Год завершён")
        steps = [(t.from_status, t.to_status, t.changed_by_id) for t in plan.transitions.order_by("changed_at", "pk")]
    assert steps == [
        ("draft", "submitted", head_a.pk),
        ("submitted", "returned", chair_a.pk),
        ("returned", "submitted", head_a.pk),
        ("submitted", "approved", chair_a.pk),
        ("approved", "in_execution", head_a.pk),
        ("in_execution", "closed", head_a.pk),
    ]
    assert AuditEntry.objects.filter(action="plan.transition", municipality=muni_a).count() == 6
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=YEAR.label)
    assert row.plan_status == PlanStatus.CLOSED and row.plan_items_total == 3


def test_only_the_chair_approves(muni_a, head_a, methodologist_a, chair_a):
    with tenant_context(muni_a):
        plan = draft_plan()
        plan_submit(plan=plan, acting_user=head_a)
        for user in (methodologist_a, head_a):
            assert not user_may_transition(user, plan, PlanStatus.APPROVED)
            with pytest.raises(PermissionDenied):
                plan_approve(plan=plan, acting_user=user)
            with pytest.raises(PermissionDenied):
                plan_return(plan=plan, acting_user=user, comment="нет")
        assert user_may_transition(chair_a, plan, PlanStatus.APPROVED)
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED


def test_only_the_head_submits(muni_a, methodologist_a, chair_a):
    with tenant_context(muni_a):
        plan = draft_plan()
        for user in (methodologist_a, chair_a, None):
            with pytest.raises(PermissionDenied):
                plan_submit(plan=plan, acting_user=user)


def test_a_chair_of_another_municipality_cannot_approve(muni_a, head_a, chair_b):
    with tenant_context(muni_a):
        plan = draft_plan()
        plan_submit(plan=plan, acting_user=head_a)
        assert not user_may_transition(chair_b, plan, PlanStatus.APPROVED)
        with pytest.raises(PermissionDenied):
            plan_approve(plan=plan, acting_user=chair_b)


def test_wrong_steps_are_refused_in_russian(muni_a, head_a, chair_a):
    with tenant_context(muni_a):
        plan = draft_plan()
        with pytest.raises(ValidationError, match="Нельзя перевести план"):
            plan_approve(plan=plan, acting_user=chair_a)
        with pytest.raises(ValidationError, match="Нельзя перевести план"):
            plan_close(plan=plan, acting_user=head_a)
        plan_submit(plan=plan, acting_user=head_a)
        with pytest.raises(ValidationError, match="что нужно доработать"):
            plan_return(plan=plan, acting_user=chair_a, comment="  ")


def test_an_empty_plan_is_not_submitted_and_a_year_has_one_plan(muni_a, head_a):
    with tenant_context(muni_a):
        plan = plan_create(academic_year=YEAR, acting_user=head_a)
        with pytest.raises(ValidationError, match="нет ни одного мероприятия"):
            plan_submit(plan=plan, acting_user=head_a)
        with pytest.raises(ValidationError, match="уже есть"):
            plan_create(academic_year=YEAR, acting_user=head_a)


def test_roles_hold_the_plan_permissions(muni_a, head_a, chair_a, methodologist_a):
    with tenant_context(muni_a):
        assert chair_a.has_perm("plans.approve_annualplan") and chair_a.has_perm("plans.view_planitem")
        assert not chair_a.has_perm("plans.add_planitem")
        assert head_a.has_perm("plans.submit_annualplan")
        assert methodologist_a.has_perm("plans.add_planitem")
    assert Role.CHAIR
