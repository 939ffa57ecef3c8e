"""The leaders' demo (issue 15 §1): each screen of the leader and the coordinator shows something —
the composition the leader keeps, a material of the year, the coordinator's ШМО with its leader and
its plan file; run twice, nothing is made twice."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.bodies.models import BodyMaterial, BodyMembership, BodyYear, MemberRole
from tenants.leadership.demo import MATERIAL_TITLE, SHMO_NAME, demo_seed
from tests.tenants.leadership.conftest import YEAR
from tests.tenants.people.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_leaders_and_the_coordinators_screens(muni_a, host_client, world):
    with tenant_context(muni_a):
        for _ in range(3):
            TeacherFactory()
        demo_seed(muni_a)
        counts = (BodyMembership.objects.count(), BodyMaterial.objects.count(), BodyYear.objects.count())
        demo_seed(muni_a)
        assert (BodyMembership.objects.count(), BodyMaterial.objects.count(), BodyYear.objects.count()) == counts
        own = world["own"]
        added = BodyMembership.objects.filter(body=own, academic_year=YEAR.start, role=MemberRole.MEMBER)
        assert added.count() == 2 and added.exclude(end_date=None).count() == 1
        material = BodyMaterial.objects.get(body=own)
        shmo_year = BodyYear.objects.get(body__name=SHMO_NAME, academic_year=YEAR.start)
        assert shmo_year.plan_file and shmo_year.plan_text
        assert BodyMembership.objects.filter(body=shmo_year.body, academic_year=YEAR.start, role=MemberRole.LEADER)
    leader = host_client(muni_a, world["leader"])
    base = f"/admin/leadership/associations/{own.pk}/{YEAR.start}/"
    assert MATERIAL_TITLE in leader.get(f"{base}materials/").content.decode()
    assert leader.get(f"/admin/leadership/associations/{own.pk}/files/material/{material.pk}/file/").status_code == 200
    composition = leader.get(f"{base}composition/").content.decode()
    assert 'name="action" value="remove"' in composition
    coordinator = host_client(muni_a, world["coordinator"])
    card = coordinator.get("/admin/leadership/school/").content.decode()
    assert SHMO_NAME in card
    screen = coordinator.get(f"/admin/leadership/school/associations/{shmo_year.body_id}/{YEAR.start}/")
    assert screen.status_code == 200 and "Файл плана" in screen.content.decode()
