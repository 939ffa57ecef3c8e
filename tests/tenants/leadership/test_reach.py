"""Each bound role reaches its own object only (issue 15 §1): an association leader of body X in
A sees X — not A's other bodies, nothing of B; a school coordinator their school's card only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.selectors import user_roles
from tenants.bodies.models import BodyMeeting, BodyYear
from tenants.organisations.selectors import school_coordinator_list
from tests.tenants.bodies.conftest import pdf_bytes
from tests.tenants.leadership.conftest import OTHER_SECRET, YEAR

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return response.content.decode(errors="replace")


def test_leader_sees_and_keeps_only_their_body(muni_a, host_client, world):
    client = host_client(muni_a, world["leader"])
    listing = client.get("/admin/leadership/associations/")
    assert listing.status_code == 200
    assert world["own"].name in _body(listing) and OTHER_SECRET not in _body(listing)
    own_year = client.get(f"/admin/leadership/associations/{world['own'].pk}/{YEAR.start}/")
    assert own_year.status_code == 200 and "Своя" in _body(own_year)
    other, other_year, meeting = world["other"], world["other_year"], world["other_meeting"]
    for url in (
        f"/admin/leadership/associations/{other.pk}/{YEAR.start}/",
        f"/admin/leadership/associations/{other.pk}/files/year/{other_year.pk}/plan_file/",
        f"/admin/leadership/associations/{other.pk}/files/meeting/{meeting.pk}/minutes/",
        # Own body in the path, another body's file id: still nothing.
        f"/admin/leadership/associations/{world['own'].pk}/files/year/{other_year.pk}/plan_file/",
        f"/admin/leadership/associations/{world['own'].pk}/files/meeting/{meeting.pk}/minutes/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert OTHER_SECRET not in _body(response), url
    # Writing into another body is refused the same way, and changes nothing.
    forged = client.post(
        f"/admin/leadership/associations/{other.pk}/{YEAR.start}/",
        {"action": "year", "year-plan_text": "подмена"},
    )
    assert forged.status_code == 404
    with tenant_context(muni_a):
        assert BodyYear.objects.get(pk=other_year.pk).plan_text == OTHER_SECRET
    # Wagtail's generic bodies screens are not theirs at all.
    for url in ("/admin/bodies/", f"/admin/bodies/inspect/{other.pk}/", "/admin/bodies/years/",
                f"/admin/bodies/files/year/{other_year.pk}/plan_file/", "/admin/people/teachers/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert OTHER_SECRET not in _body(response), url


def test_leader_writes_plan_meeting_and_minutes_of_their_body(muni_a, host_client, world):
    client = host_client(muni_a, world["leader"])
    url = f"/admin/leadership/associations/{world['own'].pk}/{YEAR.start}/"
    saved = client.post(
        url,
        {
            "action": "year",
            "year-plan_text": "Заседания раз в четверть",
            "year-plan_file": SimpleUploadedFile("plan.pdf", pdf_bytes("план")),
        },
    )
    assert saved.status_code == 302
    bad = client.post(url, {"action": "year", "year-plan_file": SimpleUploadedFile("plan.pdf", b"MZ not a pdf")})
    assert bad.status_code == 200 and "year-plan_file" in _body(bad)
    added = client.post(
        url,
        {
            "action": "meeting",
            "meeting-date": (YEAR.first_day.replace(month=10)).isoformat(),
            "meeting-agenda": "Итоги олимпиады",
            "meeting-minutes": SimpleUploadedFile("m.pdf", pdf_bytes("протокол")),
        },
    )
    assert added.status_code == 302
    with tenant_context(muni_a):
        body_year = BodyYear.objects.get(body=world["own"], academic_year=YEAR.start)
        meeting = BodyMeeting.objects.get(body=world["own"])
    assert body_year.plan_text == "Заседания раз в четверть"
    plan = client.get(f"/admin/leadership/associations/{world['own'].pk}/files/year/{body_year.pk}/plan_file/")
    assert plan.status_code == 200 and plan["Content-Type"] == "application/pdf"
    minutes = client.get(f"/admin/leadership/associations/{world['own'].pk}/files/meeting/{meeting.pk}/minutes/")
    assert minutes.status_code == 200


def test_leader_of_a_has_nothing_in_b(muni_a, muni_b, host_client, world):
    client = host_client(muni_b, world["leader"])
    for url in ("/admin/", "/admin/leadership/associations/",
                f"/admin/leadership/associations/{world['own'].pk}/{YEAR.start}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url
    with tenant_context(muni_b):
        assert not BodyYear.objects.filter(plan_text=OTHER_SECRET).exists()


def test_coordinator_sees_their_schools_card_only(muni_a, muni_b, host_client, world):
    client = host_client(muni_a, world["coordinator"])
    card = client.get("/admin/leadership/school/")
    assert card.status_code == 200
    text = _body(card)
    assert "Школа № 1" in text and world["own_teacher"].last_name in text and "ШМО гуманитариев" in text
    assert world["stranger"].last_name not in text and "Школа № 2" not in text
    for url in ("/admin/leadership/associations/", "/admin/leadership/reviews/", "/admin/leadership/appointments/",
                "/admin/people/teachers/", "/admin/development/", "/admin/bodies/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
    elsewhere = host_client(muni_b, world["coordinator"]).get("/admin/leadership/school/")
    assert elsewhere.status_code in (302, 403)


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.HEAD, Role.CHAIR, Role.TEACHER])
def test_the_bound_screens_are_the_bound_roles_own(muni_a, host_client, make_user, world, role):
    client = host_client(muni_a, make_user(role, muni_a))
    for url in ("/admin/leadership/associations/", "/admin/leadership/school/",
                f"/admin/leadership/associations/{world['own'].pk}/{YEAR.start}/"):  # fmt: skip
        assert client.get(url).status_code in (302, 403, 404), (role, url)


def test_head_appoints_and_removes_methodologist_cannot(muni_a, host_client, world):
    head_client = host_client(muni_a, world["head"])
    page = head_client.get("/admin/leadership/appointments/")
    assert page.status_code == 200 and "leader@example.test" in _body(page)
    made = head_client.post(
        "/admin/leadership/appointments/",
        {
            "action": "coordinator",
            "coordinator-organisation": world["other_school"].pk,
            "coordinator-position": "methodologist",
            "coordinator-email": "new.coord@example.test",
            "coordinator-last_name": "Новая",
            "coordinator-first_name": "Ольга",
        },
    )
    assert made.status_code == 302
    with tenant_context(muni_a):
        assert {c.user.email for c in school_coordinator_list(organisation=world["other_school"])} == {
            "new.coord@example.test"
        }
    with tenant_context(muni_a):
        row = school_coordinator_list(organisation=world["other_school"]).get()
    assert user_roles(User.objects.get(pk=row.user_id)).has(Role.SCHOOL_COORDINATOR, muni_a.schema_name)
    removed = head_client.post("/admin/leadership/appointments/", {"action": "remove_coordinator", "id": row.pk})
    assert removed.status_code == 302
    assert not user_roles(User.objects.get(pk=row.user_id)).has(Role.SCHOOL_COORDINATOR, muni_a.schema_name)
    methodologist_client = host_client(muni_a, world["methodologist"])
    assert methodologist_client.get("/admin/leadership/appointments/").status_code in (302, 403)
    refused = methodologist_client.post(
        "/admin/leadership/appointments/",
        {"action": "leader", "leader-body": world["other"].pk, "leader-email": "x@example.test",
         "leader-last_name": "X", "leader-first_name": "X"},
    )  # fmt: skip
    assert refused.status_code in (302, 403)
    with tenant_context(muni_a):
        from tenants.bodies.selectors import body_leader_ids

        assert body_leader_ids(world["other"]) == []
