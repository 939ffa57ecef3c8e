"""Applications name teachers: A's reach neither B's staff (on any host), nor the region's
observers, nor teachers; B's public page shows none of A's offers; the beat's task runs only in
the schema it was sent for."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.courses.models import CourseApplication
from tenants.courses.services import course_application_confirm, course_application_submit, course_quota_list_set
from tenants.courses.tasks import course_offers_complete
from tests.tenants.courses.factories import offer_with_quota, offers_page
from tests.tenants.people.factories import TeacherFactory

SECRET = "Засекреченная"


def refused(response) -> bool:
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in ("/accounts/login/", "/admin/")
    )


@pytest.fixture
def data_a(muni_a, make_user):
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        teacher = TeacherFactory(last_name=SECRET, user=person)
        offer = offer_with_quota(programme=f"Курс муниципалитета А {SECRET}")
        application = course_application_submit(offer=offer, teacher=teacher, acting_user=None)
        course_application_confirm(application=application, acting_user=None, notify=False)
        course_quota_list_set(offer=offer, application_ids=[application.pk], acting_user=None, notify=False)
        page_url = offers_page().get_url()
    return {"person": person, "teacher": teacher, "offer": offer, "application": application, "page_url": page_url}


def _urls(data) -> list[str]:
    offer, application = data["offer"].pk, data["application"].pk
    return [
        "/admin/courses/",
        "/admin/courses/applications/",
        f"/admin/courses/applications/{application}/decline/",
        f"/admin/courses/offers/{offer}/",
        f"/admin/courses/offers/{offer}/list.xlsx",
        f"/admin/courses/offers/{offer}/list.docx",
        f"/admin/development/offers/edit/{offer}/",
    ]


def test_own_staff_reach_every_screen(muni_a, host_client, methodologist_a, data_a):
    client = host_client(muni_a, methodologist_a)
    for url in _urls(data_a):
        assert client.get(url).status_code == 200, url


def test_staff_of_b_get_nothing_of_as(muni_a, muni_b, make_user, host_client, data_a):
    for role in (Role.METHODOLOGIST, Role.HEAD):
        client = host_client(muni_a, make_user(role, muni_b))
        for url in _urls(data_a):
            response = client.get(url)
            assert refused(response), (role, url, response.status_code)
            assert SECRET not in response.content.decode()
        for url in (
            f"/admin/courses/applications/{data_a['application'].pk}/confirm/",
            f"/admin/courses/offers/{data_a['offer'].pk}/",
            f"/admin/courses/offers/{data_a['offer'].pk}/complete/",
        ):
            assert refused(client.post(url, {f"include-{data_a['application'].pk}": "on"})), url
    # On B's own host the same ids name nothing of A's.
    own = host_client(muni_b, make_user(Role.METHODOLOGIST, muni_b))
    assert own.get(f"/admin/courses/offers/{data_a['offer'].pk}/").status_code == 404
    assert SECRET not in own.get("/admin/courses/applications/").content.decode()
    with tenant_context(muni_a):
        assert CourseApplication.objects.get().status == "listed"


def test_region_observers_and_teachers_get_nothing(muni_a, make_user, host_client, data_a):
    for user in (make_user(Role.INSTITUTE), make_user(Role.COMMITTEE), make_user(Role.TEACHER, muni_a)):
        client = host_client(muni_a, user)
        for url in _urls(data_a):
            response = client.get(url)
            assert refused(response), (url, response.status_code)
            assert SECRET not in response.content.decode()


def test_teacher_of_b_sees_and_changes_nothing_of_as(muni_a, muni_b, make_user, host_client, data_a):
    person_b = make_user(Role.TEACHER, muni_b)
    with tenant_context(muni_b):
        TeacherFactory(user=person_b)
    client = host_client(muni_a, person_b)
    page = client.get("/courses/").content.decode()
    assert SECRET not in page and "не связана" in page
    client.post(f"/courses/{data_a['offer'].pk}/apply/", {})
    assert client.post(f"/courses/applications/{data_a['application'].pk}/withdraw/").status_code == 404
    with tenant_context(muni_a):
        assert CourseApplication.objects.count() == 1
    # A's teacher on B's host: nothing of theirs there either.
    assert SECRET not in host_client(muni_b, data_a["person"]).get("/courses/").content.decode()


def test_public_pages_show_only_their_municipalitys_offers(muni_a, muni_b, host_client, data_a):
    assert SECRET in host_client(muni_a).get(data_a["page_url"]).content.decode()
    with tenant_context(muni_b):
        page_b = offers_page().get_url()
    visitor_b = host_client(muni_b)
    assert SECRET not in visitor_b.get(page_b).content.decode()
    assert visitor_b.get(f"{page_b}{data_a['offer'].pk}/").status_code == 404
    # The public page names no teacher.
    assert data_a["teacher"].first_name not in host_client(muni_a).get(data_a["page_url"]).content.decode()


def test_the_task_refuses_another_schema(muni_a, muni_b, data_a):
    with tenant_context(muni_b), pytest.raises(RuntimeError):
        course_offers_complete(municipality_id=muni_a.pk)
