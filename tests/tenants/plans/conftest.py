"""Plans tests: users of every role in A (and B), a temporary MEDIA_ROOT, a plan builder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants.academic_years import AcademicYear
from tenants.plans.models import AnnualPlan, Direction, ItemForm, PlanItem
from tenants.plans.services import plan_approve, plan_create, plan_item_create, plan_submit

YEAR = AcademicYear(2025)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path


@pytest.fixture
def head_a(make_user: Callable[..., User], muni_a: Any) -> User:
    return make_user(Role.HEAD, muni_a)


@pytest.fixture
def chair_a(make_user: Callable[..., User], muni_a: Any) -> User:
    return make_user(Role.CHAIR, muni_a)


@pytest.fixture
def chair_b(make_user: Callable[..., User], muni_b: Any) -> User:
    return make_user(Role.CHAIR, muni_b)


def direction(code: str = "organisational") -> Direction:
    return Direction.objects.get(code=code)


def item_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "direction": direction(),
        "form": ItemForm.SEMINAR,
        "topic": "Формирующее оценивание на уроке",
        "audience": "учителя математики",
        "month": 10,
        "expected_result": "методические рекомендации",
    }
    fields.update(overrides)
    return fields


def draft_plan(*, items: int = 3, year: AcademicYear = YEAR) -> AnnualPlan:
    """A draft plan with ``items`` items, one per direction in turn (call inside the schema)."""
    plan = plan_create(academic_year=year, acting_user=None, skip_permission_checks=True)
    codes = ["analytical", "informational", "organisational", "consulting"]
    for n in range(items):
        plan_item_create(
            plan=plan,
            acting_user=None,
            skip_permission_checks=True,
            **item_fields(
                direction=direction(codes[n % 4]), topic=f"Мероприятие {n + 1}", month=[9, 10, 11, 12][n % 4]
            ),
        )
    return plan


def approved_plan(*, items: int = 3) -> AnnualPlan:
    plan = draft_plan(items=items)
    plan_submit(plan=plan, acting_user=None, skip_permission_checks=True)
    plan_approve(plan=plan, acting_user=None, skip_permission_checks=True)
    return plan


@pytest.fixture
def plan_in_a(muni_a: Any) -> Callable[..., AnnualPlan]:
    def make(approved: bool = False, items: int = 3) -> AnnualPlan:
        with tenant_context(muni_a):
            return approved_plan(items=items) if approved else draft_plan(items=items)

    return make


def items_of(plan: AnnualPlan) -> list[PlanItem]:
    return list(PlanItem.objects.filter(plan=plan).order_by("number"))
