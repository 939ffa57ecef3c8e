"""The region-level demo of agreements and the workspace: idempotent, in the intended states."""

from __future__ import annotations

import pytest

import agreements.demo as agreements_demo
from accounts.models import Role
from agreements.models import Agreement, AgreementStatus
from institute.demo import demo_seed_region as institute_demo_seed_region
from institute.models import IndicatorSnapshot, PlanComment
from rollups.services import rollup_write


@pytest.fixture
def demo_people(make_user, muni_a, muni_b, monkeypatch):
    make_user(Role.INSTITUTE, None, email="loiro@lenobl.example")
    make_user(Role.COMMITTEE, None, email="komitet@lenobl.example")
    make_user(Role.HEAD, muni_a, email=f"head@{muni_a.slug}.example")
    make_user(Role.HEAD, muni_b, email=f"head@{muni_b.slug}.example")
    monkeypatch.setattr(agreements_demo, "DEMO_ROLES", {muni_a.slug: "in_force", muni_b.slug: "expired"})


def test_demo_agreements_are_in_their_states_and_made_once(demo_people, muni_a, muni_b):
    agreements_demo.demo_seed_region()
    agreements_demo.demo_seed_region()
    a = list(Agreement.objects.filter(municipality=muni_a))
    b = {ag.status for ag in Agreement.objects.filter(municipality=muni_b)}
    assert [ag.status for ag in a] == [AgreementStatus.IN_FORCE]
    assert b == {AgreementStatus.EXPIRED, AgreementStatus.DRAFT}


def test_the_workspace_demo_takes_snapshots_and_runs_twice(demo_people, muni_a):
    rollup_write(municipality_id=muni_a.pk, academic_year="2025/2026", plan_items_total=10, plan_items_done=7)
    institute_demo_seed_region()
    institute_demo_seed_region()
    series = IndicatorSnapshot.objects.filter(municipality=muni_a, academic_year="2025/2026").order_by("taken_on")
    assert series.count() == 7
    assert series.first().plan_items_done < series.last().plan_items_done == 7
    # The demo's comments go to the demo municipalities, absent here.
    assert not PlanComment.objects.filter(municipality=muni_a).exists()
