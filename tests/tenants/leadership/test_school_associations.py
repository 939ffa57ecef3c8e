"""The school coordinator keeps their school's ШМО (issue 15 §1; 002 table 1, 004 §3.2): creates
one, changes it, sets the year's leader from the school's teachers and keeps its plan — each write
audited; a ШМО of another school, a ГМО, anybody else's hand and anyone of B reach nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.bodies.models import Body, BodyKind, BodyMembership, BodyYear, MemberRole
from tenants.bodies.services import association_leader_appoint
from tenants.leadership.models import ReviewPart, ReviewStatus
from tenants.leadership.school_associations import (
    coordinator_association_leader_set,
    coordinator_association_plan_save,
)
from tenants.leadership.services import leader_year_save, review_submit
from tests.tenants.bodies.conftest import pdf_bytes
from tests.tenants.bodies.factories import BodyFactory
from tests.tenants.leadership.conftest import YEAR
from tests.tenants.people.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/leadership/school/associations/add/"


def _text(response) -> str:
    return response.content.decode(errors="replace")


def _url(body, year=YEAR) -> str:
    return f"/admin/leadership/school/associations/{body.pk}/{year.start}/"


@pytest.fixture
def foreign_shmo(muni_a, world):
    with tenant_context(muni_a):
        return BodyFactory(
            kind=BodyKind.SCHOOL_ASSOCIATION, organisation=world["other_school"], subject=None,
            name="ШМО чужой школы", since_year=YEAR.previous().start,
        )  # fmt: skip


def test_the_coordinator_creates_a_shmo_of_their_school_with_its_leader(muni_a, host_client, world):
    client = host_client(muni_a, world["coordinator"])
    form = client.get(ADD)
    assert form.status_code == 200
    assert "Своя" in _text(form) and "Чужакова" not in _text(form)  # the school's teachers only
    made = client.post(
        ADD,
        {
            "shmo-name": "ШМО учителей естественных наук",
            "shmo-category": "учителя биологии, химии, физики",
            "shmo-since_year": YEAR.start,
            "shmo-leader": world["own_teacher"].pk,
        },
    )
    assert made.status_code == 302
    with tenant_context(muni_a):
        body = Body.objects.get(name="ШМО учителей естественных наук")
        assert (body.kind, body.organisation_id) == (BodyKind.SCHOOL_ASSOCIATION, world["school"].pk)
        leader = BodyMembership.objects.get(body=body, academic_year=YEAR.start)
        assert (leader.teacher_id, leader.role) == (world["own_teacher"].pk, MemberRole.LEADER)
        assert AuditEntry.objects.filter(action="body.create", actor=world["coordinator"]).count() == 1
    assert made["Location"] == _url(body)
    # A teacher of another school as its leader, or the same name again: refused in Russian, nothing made.
    forged = client.post(
        ADD, {"shmo-name": "ШМО подмены", "shmo-since_year": YEAR.start, "shmo-leader": world["stranger"].pk}
    )
    assert forged.status_code == 200 and "shmo-leader" in _text(forged)
    twice = client.post(
        ADD, {"shmo-name": "ШМО учителей естественных наук", "shmo-category": "x", "shmo-since_year": YEAR.start}
    )
    assert twice.status_code == 200 and "уже есть" in _text(twice)
    with tenant_context(muni_a):
        assert not Body.objects.filter(name="ШМО подмены").exists()
        assert Body.objects.filter(name="ШМО учителей естественных наук").count() == 1


def test_the_coordinator_sets_the_leader_and_keeps_the_plan(muni_a, host_client, world, media_root):
    client = host_client(muni_a, world["coordinator"])
    shmo = world["shmo"]
    with tenant_context(muni_a):
        second = TeacherFactory(organisation=world["school"], last_name="Вторая")
    page = client.get(_url(shmo))
    assert page.status_code == 200 and "Руководитель на этот год не назначен" in _text(page)
    assert client.post(_url(shmo), {"action": "leader", "leader-teacher": world["own_teacher"].pk}).status_code == 302
    assert client.post(_url(shmo), {"action": "leader", "leader-teacher": second.pk}).status_code == 302
    with tenant_context(muni_a):
        roles = dict(BodyMembership.objects.filter(body=shmo, academic_year=YEAR.start).values_list("teacher", "role"))
        assert roles == {world["own_teacher"].pk: MemberRole.MEMBER, second.pk: MemberRole.LEADER}
        assert AuditEntry.objects.filter(action="school_association.leader_set").count() == 2
    stranger = client.post(_url(shmo), {"action": "leader", "leader-teacher": world["stranger"].pk})
    assert stranger.status_code == 200
    bad_file = client.post(
        _url(shmo),
        {"action": "plan", "plan-plan_text": "Потеряется?", "plan-plan_file": SimpleUploadedFile("p.pdf", b"GIF89a")},
    )
    assert bad_file.status_code == 200 and "Допускаются только файлы PDF, DOCX, ODT" in _text(bad_file)
    assert "Потеряется?" in _text(bad_file)  # what was typed is kept on the page
    with tenant_context(muni_a):
        assert not BodyYear.objects.filter(body=shmo).exists()
    saved = client.post(
        _url(shmo),
        {
            "action": "plan",
            "plan-plan_text": "Заседания раз в четверть.",
            "plan-plan_file": SimpleUploadedFile("plan.pdf", pdf_bytes("план ШМО")),
        },
    )
    assert saved.status_code == 302
    with tenant_context(muni_a):
        body_year = BodyYear.objects.get(body=shmo, academic_year=YEAR.start)
        assert body_year.plan_text == "Заседания раз в четверть." and body_year.plan_file
        assert AuditEntry.objects.filter(action="body_year.create", actor=world["coordinator"]).exists()
    plan = client.get(f"/admin/leadership/school/associations/{shmo.pk}/files/{body_year.pk}/plan_file/")
    assert plan.status_code == 200 and plan["Content-Type"] == "application/pdf"
    renamed = client.post(_url(shmo), {"action": "edit", "shmo-name": "ШМО гуманитарного цикла"})
    assert renamed.status_code == 302
    with tenant_context(muni_a):
        shmo.refresh_from_db()
        assert shmo.name == "ШМО гуманитарного цикла" and shmo.organisation_id == world["school"].pk
        assert AuditEntry.objects.filter(action="body.update", actor=world["coordinator"]).exists()
    # The card lists it with its leader.
    card = _text(client.get("/admin/leadership/school/"))
    assert "ШМО гуманитарного цикла" in card and "Вторая" in card


def test_a_plan_with_the_methodologist_is_not_changed_by_the_coordinator(muni_a, world):
    with tenant_context(muni_a):
        shmo = world["shmo"]
        leader = association_leader_appoint(
            municipality=muni_a, body=shmo, email="shmo.leader@example.test", acting_user=world["head"]
        ).user
        body_year = leader_year_save(body=shmo, academic_year=YEAR, plan_text="План руководителя", acting_user=leader)
        review = review_submit(body_year=body_year, part=ReviewPart.PLAN, acting_user=leader)
        assert review.status == ReviewStatus.SUBMITTED
        with pytest.raises(ValidationError):
            coordinator_association_plan_save(
                body=shmo, academic_year=YEAR, plan_text="Подмена", acting_user=world["coordinator"]
            )
        assert BodyYear.objects.get(pk=body_year.pk).plan_text == "План руководителя"


def test_another_schools_shmo_and_a_gmo_are_404_and_unchanged(muni_a, host_client, world, foreign_shmo):
    client = host_client(muni_a, world["coordinator"])
    with tenant_context(muni_a):
        foreign_year = BodyYear.objects.create(body=foreign_shmo, academic_year=YEAR.start, plan_text="Чужой план")
    for body in (foreign_shmo, world["own"]):
        assert client.get(_url(body)).status_code == 404
        posted = client.post(_url(body), {"action": "edit", "shmo-name": "Захвачено"})
        assert posted.status_code == 404
    file_url = f"/admin/leadership/school/associations/{foreign_shmo.pk}/files/{foreign_year.pk}/plan_file/"
    assert client.get(file_url).status_code == 404
    # Own ШМО in the path, another's year id: still nothing.
    own_path = f"/admin/leadership/school/associations/{world['shmo'].pk}/files/{foreign_year.pk}/plan_file/"
    assert client.get(own_path).status_code == 404
    with tenant_context(muni_a):
        assert not Body.objects.filter(name="Захвачено").exists()
        # The services check the binding whatever calls them.
        with pytest.raises(PermissionDenied):
            coordinator_association_leader_set(
                body=foreign_shmo, academic_year=YEAR, teacher=world["stranger"], acting_user=world["coordinator"]
            )
        with pytest.raises(PermissionDenied):
            coordinator_association_plan_save(
                body=world["own"], academic_year=YEAR, plan_text="x", acting_user=world["coordinator"]
            )


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.HEAD, Role.CHAIR, Role.TEACHER, "leader"])
def test_the_coordinators_screens_are_theirs_alone(muni_a, host_client, make_user, world, role):
    user = world["leader"] if role == "leader" else make_user(role, muni_a)
    client = host_client(muni_a, user)
    for url in (ADD, _url(world["shmo"])):
        assert client.get(url).status_code in (302, 403), (role, url)
    posted = client.post(ADD, {"shmo-name": "ШМО чужими руками", "shmo-since_year": YEAR.start})
    assert posted.status_code in (302, 403)
    with tenant_context(muni_a):
        assert not Body.objects.filter(name="ШМО чужими руками").exists()


def test_people_of_b_and_the_coordinator_on_bs_host_reach_nothing(muni_a, muni_b, host_client, make_user, world):
    for client in (host_client(muni_a, make_user(Role.HEAD, muni_b)), host_client(muni_b, world["coordinator"])):
        for url in (ADD, _url(world["shmo"])):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
        client.post(ADD, {"shmo-name": "ШМО из Б", "shmo-since_year": YEAR.start})
    with tenant_context(muni_a):
        assert not Body.objects.filter(name="ШМО из Б").exists()
    with tenant_context(muni_b):
        assert not Body.objects.filter(name="ШМО из Б").exists()
