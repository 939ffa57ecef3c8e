"""A's quality data reach neither B's staff nor, where they name people, the region's observers.

Visits and lesson observations (and programmes, whose measures name teachers, and the support
cards) are personal data: the institute and the committee get no permission on them in a
municipality's admin. Results, indicators and flags are organisations' numbers: observers read
them (the region sees them through its roll-ups anyway).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django_tenants.utils import tenant_context

from accounts.models import Role, RoleGroup
from tenants.quality.models import AssessmentResult, Visit
from tests.tenants.quality.conftest import SECRET_TEACHER
from tests.tenants.quality.urls import all_urls, editor_urls, numbers_urls, personal_urls, refused

SCHOOL = "СОШ № 77"


def test_staff_of_b_get_nothing_of_as(muni_a, muni_b, make_user, host_client, quality_a):
    for role in (Role.METHODOLOGIST, Role.HEAD):
        person = make_user(role, muni_b)
        on_a = host_client(muni_a, person)
        for url in all_urls(quality_a):
            response = on_a.get(url)
            assert refused(response), (role, url, response.status_code)
            assert SECRET_TEACHER.encode() not in response.content and SCHOOL.encode() not in response.content
        on_b = host_client(muni_b, person)
        for url in all_urls(quality_a):
            response = on_b.get(url)
            assert SECRET_TEACHER.encode() not in response.content, url
            assert SCHOOL.encode() not in response.content, url
            if re.search(r"/\d+/", url.split("?")[0]):  # one of A's objects, by its id
                assert response.status_code in (404, 302), (url, response.status_code)
        programme, visit = quality_a["programme"].pk, quality_a["visit"].pk
        assert on_b.post(f"/admin/quality/visits/delete/{visit}/").status_code in (302, 404)
        assert on_b.post(f"/admin/quality/programmes/{programme}/cancel/", {"note": "x"}).status_code == 404
        assert on_b.post(
            f"/admin/quality/support/decide/{quality_a['school'].pk}/", {"status": "confirmed"}
        ).status_code in (302, 404)
    with tenant_context(muni_a):
        assert Visit.objects.filter(pk=quality_a["visit"].pk).exists()
        assert AssessmentResult.objects.filter(organisation=quality_a["school"]).exists()
        quality_a["programme"].refresh_from_db()
        assert quality_a["programme"].status == "active"


@pytest.mark.parametrize("role", [Role.INSTITUTE, Role.COMMITTEE])
def test_region_observers_get_nothing_personal(muni_a, make_user, host_client, quality_a, role):
    client = host_client(muni_a, make_user(role, None))
    assert client.get("/admin/").status_code == 200
    for url in personal_urls(quality_a) + editor_urls(quality_a):
        response = client.get(url)
        assert refused(response), (role, url, response.status_code)
        assert SECRET_TEACHER.encode() not in response.content, url
    for url in numbers_urls(quality_a):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert SECRET_TEACHER.encode() not in response.content, url
    post = client.post(f"/admin/quality/visits/{quality_a['visit'].pk}/lessons/add/", {"teacher": 1})
    assert refused(post)


def test_observer_group_holds_no_permission_on_visits_and_programmes(muni_a):
    group = RoleGroup.objects.get(municipality=muni_a, role=Role.OBSERVER).group
    held = set(
        Permission.objects.filter(group=group, content_type__app_label="quality").values_list("codename", flat=True)
    )
    assert held == {
        "view_assessmentprocedure",
        "view_assessmentresult",
        "view_flag",
        "view_supportdecision",
        "view_observationcriterion",
    }
    methodologists = RoleGroup.objects.get(municipality=muni_a, role=Role.METHODOLOGIST).group
    assert methodologists.permissions.filter(codename="view_visit").exists()
    assert not methodologists.permissions.filter(codename="decide_support").exists()
    head = RoleGroup.objects.get(municipality=muni_a, role=Role.HEAD).group
    assert head.permissions.filter(content_type__app_label="quality", codename="decide_support").exists()
