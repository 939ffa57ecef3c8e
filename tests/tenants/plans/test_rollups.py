"""The region's roll-ups of the plan: written with each change, and a rebuild gives the same values."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from rollups.models import DirectionYearRollup, MunicipalityYearRollup, PlanStatus
from rollups.rebuild import rollups_rebuild
from tenants.plans.models import PlanCorrectionKind
from tenants.plans.services import (
    plan_correction_apply,
    plan_correction_cancel,
    plan_correction_create,
    plan_correction_move,
    plan_item_create,
    plan_item_mark_done,
)
from tests.tenants.plans.conftest import YEAR, approved_plan, draft_plan, item_fields, items_of

YEAR_FIELDS = (
    "plan_status",
    "plan_items_total",
    "plan_items_planned",
    "plan_items_done",
    "plan_items_moved",
    "plan_items_cancelled",
    "plan_participants",
    "plan_corrections",
)


def _state(municipalities):
    years = {
        (r["municipality_id"], r["academic_year"]): tuple(r[f] for f in YEAR_FIELDS)
        for r in MunicipalityYearRollup.objects.filter(municipality__in=municipalities).values(
            "municipality_id", "academic_year", *YEAR_FIELDS
        )
    }
    directions = set(
        DirectionYearRollup.objects.filter(municipality__in=municipalities).values_list(
            "municipality_id",
            "academic_year",
            "direction_code",
            "planned",
            "done",
            "moved",
            "cancelled",
            "participants",
        )
    )
    return years, directions


def test_each_change_is_in_the_rollup_and_a_rebuild_agrees(muni_a, muni_b, head_a, monkeypatch):
    with tenant_context(muni_a):
        plan = approved_plan(items=4)
        first, second, third, _fourth = items_of(plan)
        plan_item_mark_done(item=first, participants=25, actual_result="Проведено", acting_user=head_a)
        correction = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.MONTH,
            period_start=datetime.date(2025, 11, 1),
            reason="Коррекция",
            acting_user=head_a,
        )
        plan_correction_move(correction=correction, item=second, new_month=2, reason="Перенос", acting_user=head_a)
        plan_correction_cancel(correction=correction, item=third, reason="Отмена", acting_user=head_a)
        plan_item_create(plan=plan, acting_user=head_a, correction=correction, **item_fields(month=4))
        # Before it is applied, the correction changes nothing the region sees.
        row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=YEAR.label)
        assert (row.plan_items_total, row.plan_items_done, row.plan_participants) == (4, 1, 25)
        plan_correction_apply(correction=correction, acting_user=head_a)
    with tenant_context(muni_b):
        draft_plan(items=2)

    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=YEAR.label)
    assert row.plan_status == PlanStatus.APPROVED
    assert (row.plan_items_total, row.plan_items_planned, row.plan_items_done) == (5, 2, 1)
    assert (row.plan_items_moved, row.plan_items_cancelled, row.plan_participants, row.plan_corrections) == (
        1,
        1,
        25,
        1,
    )
    organisational = DirectionYearRollup.objects.get(
        municipality=muni_a, academic_year=YEAR.label, direction_code="organisational"
    )
    assert (organisational.planned, organisational.cancelled) == (1, 1)

    incremental = _state([muni_a, muni_b])
    MunicipalityYearRollup.objects.filter(municipality__in=[muni_a, muni_b]).update(plan_items_total=999)
    DirectionYearRollup.objects.filter(municipality=muni_a).delete()
    monkeypatch.setattr("tenants.plans.rollups.UNION_CHUNK", 1)  # one query per schema: chunks add up
    rollups_rebuild(names=["plans"])
    assert _state([muni_a, muni_b]) == incremental
