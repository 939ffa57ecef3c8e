"""A's bodies, compositions, meetings and minutes are nowhere to be found from B."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from tenants.bodies.models import Body, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tests.isolation.conftest import next_free_pk
from tests.tenants.bodies.conftest import YEAR, pdf_bytes
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SECRET = "ГМО альфа-секрет"


@pytest.fixture
def body_of_a(muni_a, muni_b, media_root):
    """A body of A with a member, a year record and a meeting with minutes, at ids B has never used."""
    pk = next_free_pk(Body, muni_a, muni_b)
    meeting_pk = next_free_pk(BodyMeeting, muni_a, muni_b)
    with tenant_context(muni_a):
        body = BodyFactory(pk=pk, name=SECRET, since_year=2024)
        membership = MembershipFactory(
            pk=next_free_pk(BodyMembership, muni_a, muni_b),
            body=body,
            academic_year=YEAR.start,
            role=MemberRole.LEADER,
        )
        body_year = BodyYear.objects.create(
            pk=next_free_pk(BodyYear, muni_a, muni_b), body=body, academic_year=YEAR.start, plan_text=SECRET
        )
        body_year.plan_file.save("plan-alpha.pdf", ContentFile(pdf_bytes(SECRET)))
        meeting = MeetingFactory(pk=meeting_pk, body=body, date=datetime.date(2025, 10, 2), agenda=SECRET)
        meeting.minutes.save("protokol-alpha.pdf", ContentFile(pdf_bytes(SECRET)))
        media_path = meeting.minutes.name
    return {
        "body": body,
        "membership": membership,
        "body_year": body_year,
        "meeting": meeting,
        "media_path": media_path,
    }


def test_methodologist_of_b_sees_nothing_of_as_bodies_in_lists_or_search(
    muni_a, muni_b, methodologist_b, host_client, body_of_a
):
    client = host_client(muni_b, methodologist_b)
    for url in (
        "/admin/bodies/",
        "/admin/bodies/results/?q=альфа",
        "/admin/bodies/members/",
        "/admin/bodies/members/results/?q=альфа",
        "/admin/bodies/years/",
        "/admin/bodies/meetings/",
        "/admin/bodies/meetings/results/?q=альфа",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert list(response.context["object_list"]) == [], url


def test_bs_admin_answers_as_ids_with_404(muni_b, methodologist_b, host_client, body_of_a):
    client = host_client(muni_b, methodologist_b)
    body, membership = body_of_a["body"], body_of_a["membership"]
    body_year, meeting = body_of_a["body_year"], body_of_a["meeting"]
    urls = [
        f"/admin/bodies/inspect/{body.pk}/",
        f"/admin/bodies/edit/{body.pk}/",
        f"/admin/bodies/history/{body.pk}/",
        f"/admin/bodies/delete/{body.pk}/",
        f"/admin/bodies/members/edit/{membership.pk}/",
        f"/admin/bodies/years/edit/{body_year.pk}/",
        f"/admin/bodies/meetings/edit/{meeting.pk}/",
        f"/admin/bodies/files/meeting/{meeting.pk}/minutes/",
        f"/admin/bodies/files/year/{body_year.pk}/plan_file/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode(errors="replace"), url
    copy = client.post(f"/admin/bodies/copy-composition/{body.pk}/", {"from_year": YEAR.start})
    assert copy.status_code == 404
    # A membership form on B offering A's body is refused: the choice does not exist there.
    forged = client.post(
        "/admin/bodies/members/new/",
        {"body": body.pk, "academic_year": YEAR.start, "role": MemberRole.MEMBER, "teacher": membership.teacher_id},
    )
    assert forged.status_code == 200 and "Выберите корректный вариант" in forged.content.decode()
    with tenant_context(muni_b):
        assert not BodyMembership.objects.exists()


def test_methodologist_of_b_is_refused_on_as_host(muni_a, methodologist_b, host_client, body_of_a):
    client = host_client(muni_a, methodologist_b)
    for url in (
        "/admin/bodies/",
        f"/admin/bodies/inspect/{body_of_a['body'].pk}/",
        f"/admin/bodies/files/meeting/{body_of_a['meeting'].pk}/minutes/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url
        assert SECRET not in response.content.decode(errors="replace")


def test_minutes_are_served_to_as_staff_only_and_never_from_media(
    muni_a, muni_b, methodologist_a, host_client, body_of_a
):
    meeting = body_of_a["meeting"]
    own = host_client(muni_a, methodologist_a).get(f"/admin/bodies/files/meeting/{meeting.pk}/minutes/")
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert SECRET.encode() in b"".join(own.streaming_content)
    media_url = f"/media/{muni_a.schema_name}/{body_of_a['media_path']}"
    assert host_client(muni_a, methodologist_a).get(media_url).status_code == 404
    assert host_client(muni_b).get(media_url).status_code == 404
    assert host_client(muni_a).get(f"/admin/bodies/files/meeting/{meeting.pk}/minutes/").status_code == 302
