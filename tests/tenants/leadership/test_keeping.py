"""The association leader keeps their body's composition and materials (issue 15 §1; 002 table 2):
teachers added, dated and taken out with an audit row each, nothing of another body; materials
checked by content (a bad file: a Russian message, nothing saved), delivered to the leader and the
service's staff only."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.bodies.models import BodyKind, BodyMaterial, BodyMembership, BodyYear, MemberRole
from tenants.bodies.services import association_leader_appoint, body_material_add
from tenants.leadership.services import leader_member_add, leader_member_remove
from tests.tenants.bodies.conftest import pdf_bytes
from tests.tenants.bodies.factories import MeetingFactory, MembershipFactory
from tests.tenants.leadership.conftest import OTHER_SECRET, YEAR
from tests.tenants.people.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode(errors="replace")


def _composition_url(body, year=YEAR) -> str:
    return f"/admin/leadership/associations/{body.pk}/{year.start}/composition/"


def _materials_url(body, year=YEAR) -> str:
    return f"/admin/leadership/associations/{body.pk}/{year.start}/materials/"


def test_the_leader_adds_dates_and_takes_out_a_teacher_each_step_audited(muni_a, host_client, world):
    client = host_client(muni_a, world["leader"])
    own, url = world["own"], _composition_url(world["own"])
    page = client.get(url)
    assert page.status_code == 200 and "Своя" in _text(page)
    # Teachers of the whole municipality may join a ГМО, the other school's included.
    assert "Чужакова" in _text(page)
    added = client.post(url, {"action": "add", "member-teacher": world["stranger"].pk, "member-role": "member"})
    assert added.status_code == 302
    with tenant_context(muni_a):
        membership = BodyMembership.objects.get(body=own, teacher=world["stranger"], academic_year=YEAR.start)
        assert membership.role == MemberRole.MEMBER
        assert AuditEntry.objects.filter(action="body_membership.create", actor=world["leader"]).count() == 1
    left = YEAR.first_day + datetime.timedelta(days=100)
    dated = client.post(url, {"action": "dates", "id": membership.pk, f"m{membership.pk}-end_date": left.isoformat()})
    assert dated.status_code == 302
    with tenant_context(muni_a):
        assert BodyMembership.objects.get(pk=membership.pk).end_date == left
        assert AuditEntry.objects.filter(action="body_membership.update", actor=world["leader"]).exists()
    # A date outside the year is refused in Russian and nothing changes.
    outside = client.post(url, {"action": "dates", "id": membership.pk, f"m{membership.pk}-end_date": "2001-01-01"})
    assert outside.status_code == 200 and "в пределах" in _text(outside)
    with tenant_context(muni_a):
        assert BodyMembership.objects.get(pk=membership.pk).end_date == left
    removed = client.post(url, {"action": "remove", "id": membership.pk})
    assert removed.status_code == 302
    with tenant_context(muni_a):
        assert not BodyMembership.objects.filter(pk=membership.pk).exists()
        assert AuditEntry.objects.filter(action="body_membership.delete", actor=world["leader"]).count() == 1


def test_the_leader_neither_heads_nor_unseats_and_keeps_the_approved_record(muni_a, host_client, world):
    client = host_client(muni_a, world["leader"])
    own, url = world["own"], _composition_url(world["own"])
    as_leader = client.post(url, {"action": "add", "member-teacher": world["stranger"].pk, "member-role": "leader"})
    assert as_leader.status_code == 200 and "member-role" in _text(as_leader)
    with tenant_context(muni_a):
        head = BodyMembership.objects.get(body=own, role=MemberRole.LEADER)
        with pytest.raises(ValidationError):
            leader_member_remove(membership=head, acting_user=world["leader"])
        member = leader_member_add(body=own, academic_year=YEAR, teacher=world["stranger"], acting_user=world["leader"])
        MeetingFactory(body=own, date=YEAR.first_day + datetime.timedelta(days=10)).attendees.add(member)
    refused = client.post(url, {"action": "remove", "id": member.pk}, follow=True)
    assert "отмечен на заседаниях" in _text(refused)
    with tenant_context(muni_a):
        assert BodyMembership.objects.filter(pk=member.pk).exists()
        other_member = leader_member_add(
            body=own, academic_year=YEAR, teacher=TeacherFactory(last_name="Новикова"), acting_user=world["leader"]
        )
        BodyYear.objects.update_or_create(
            body=own,
            academic_year=YEAR.start,
            defaults={"composition_order_number": "12-о", "composition_order_date": YEAR.first_day},
        )
    after_order = client.post(url, {"action": "remove", "id": other_member.pk}, follow=True)
    assert "утверждён приказом" in _text(after_order)
    with tenant_context(muni_a):
        assert BodyMembership.objects.filter(pk=other_member.pk).exists()


def test_nothing_of_another_body_is_reached_through_the_composition_or_materials(muni_a, host_client, world):
    client = host_client(muni_a, world["leader"])
    other = world["other"]
    with tenant_context(muni_a):
        stranger_member = MembershipFactory(body=other, teacher=world["stranger"])
        material = body_material_add(
            body=other,
            academic_year=YEAR,
            title=OTHER_SECRET,
            file=ContentFile(pdf_bytes(OTHER_SECRET), name="secret.pdf"),
            acting_user=None,
        )
    for url in (_composition_url(other), _materials_url(other),
                f"/admin/leadership/associations/{other.pk}/files/material/{material.pk}/file/",
                f"/admin/leadership/associations/{world['own'].pk}/files/material/{material.pk}/file/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert OTHER_SECRET not in _text(response)
    # Another body's row named from the own body's screens: 404, nothing changed.
    own = world["own"]
    assert client.post(_composition_url(own), {"action": "remove", "id": stranger_member.pk}).status_code == 404
    assert client.post(_materials_url(own), {"action": "delete", "id": material.pk}).status_code == 404
    with tenant_context(muni_a):
        assert BodyMembership.objects.filter(pk=stranger_member.pk).exists()
        assert BodyMaterial.objects.filter(pk=material.pk).exists()
        # The services refuse too, whatever screen calls them.
        with pytest.raises(PermissionDenied):
            leader_member_add(body=other, academic_year=YEAR, teacher=world["own_teacher"], acting_user=world["leader"])


def test_a_shmo_takes_its_schools_teachers_only(muni_a, host_client, world):
    with tenant_context(muni_a):
        shmo = world["shmo"]
        association_leader_appoint(municipality=muni_a, body=shmo, user=world["leader"], acting_user=world["head"])
    client = host_client(muni_a, world["leader"])
    page = client.get(_composition_url(shmo))
    assert page.status_code == 200 and "Своя" in _text(page) and "Чужакова" not in _text(page)
    forged = client.post(
        _composition_url(shmo), {"action": "add", "member-teacher": world["stranger"].pk, "member-role": "member"}
    )
    assert forged.status_code == 200
    with tenant_context(muni_a):
        assert not BodyMembership.objects.filter(body=shmo).exists()
        with pytest.raises(ValidationError):
            leader_member_add(body=shmo, academic_year=YEAR, teacher=world["stranger"], acting_user=world["leader"])
        assert shmo.kind == BodyKind.SCHOOL_ASSOCIATION


def test_materials_are_checked_kept_delivered_and_removed(muni_a, host_client, world, media_root):
    client = host_client(muni_a, world["leader"])
    url = _materials_url(world["own"])
    bad = client.post(
        url,
        {"action": "add", "material-title": "Презентация", "material-file": SimpleUploadedFile("a.pdf", b"MZ exe")},
    )
    assert bad.status_code == 200 and "Допускаются только файлы PDF, DOCX, ODT" in _text(bad)
    with tenant_context(muni_a):
        assert not BodyMaterial.objects.exists()
    empty = client.post(url, {"action": "add", "material-title": "Пусто"})
    assert empty.status_code == 200 and "Требуется заполнить это поле" in _text(empty)
    saved = client.post(
        url,
        {
            "action": "add",
            "material-title": "Открытый урок: разработка",
            "material-file": SimpleUploadedFile("lesson.pdf", pdf_bytes("урок")),
        },
    )
    assert saved.status_code == 302
    with tenant_context(muni_a):
        material = BodyMaterial.objects.get()
        assert material.uploaded_by_id == world["leader"].pk and material.academic_year == YEAR.start
        assert AuditEntry.objects.filter(action="body_material.create", actor=world["leader"]).count() == 1
    # Stored under the municipality's own prefix.
    assert (media_root / muni_a.schema_name / material.file.name).exists()
    listing = client.get(url)
    assert "Открытый урок: разработка" in _text(listing)
    download = client.get(f"/admin/leadership/associations/{world['own'].pk}/files/material/{material.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    # The service's methodologist reads it on the body's page and downloads it there.
    methodologist = host_client(muni_a, world["methodologist"])
    body_page = methodologist.get(f"/admin/bodies/inspect/{world['own'].pk}/?year={YEAR.start}")
    assert "Открытый урок: разработка" in _text(body_page)
    assert methodologist.get(f"/admin/bodies/files/material/{material.pk}/file/").status_code == 200
    deleted = client.post(url, {"action": "delete", "id": material.pk})
    assert deleted.status_code == 302
    with tenant_context(muni_a):
        assert not BodyMaterial.objects.exists()
        assert AuditEntry.objects.filter(action="body_material.delete", actor=world["leader"]).count() == 1


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.HEAD, Role.CHAIR, Role.TEACHER])
def test_the_leaders_screens_are_theirs_alone(muni_a, host_client, make_user, world, role):
    client = host_client(muni_a, make_user(role, muni_a))
    for url in (_composition_url(world["own"]), _materials_url(world["own"])):
        assert client.get(url).status_code in (302, 403, 404), (role, url)
        posted = client.post(url, {"action": "add", "member-teacher": world["stranger"].pk, "member-role": "member"})
        assert posted.status_code in (302, 403, 404)
        if posted.status_code == 302:  # to the login, or Wagtail's refusal: the admin's home
            assert "/login/" in posted["Location"] or posted["Location"] == "/admin/"
    with tenant_context(muni_a):
        assert not BodyMembership.objects.filter(teacher=world["stranger"]).exists()


def test_a_coordinator_and_people_of_b_reach_nothing(muni_a, muni_b, host_client, make_user, world):
    coordinator = host_client(muni_a, world["coordinator"])
    refused = coordinator.get(_composition_url(world["own"]))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's refusal
    for person in (make_user(Role.HEAD, muni_b), world["leader"]):
        client = host_client(muni_b, person) if person is world["leader"] else host_client(muni_a, person)
        for url in (_composition_url(world["own"]), _materials_url(world["own"])):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url
