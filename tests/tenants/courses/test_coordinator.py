"""The school coordinator (issue 15 §1) confirms or declines the applications of their own school's
teachers only; a school with a coordinator is decided by them, not by the service; a school
without one by the service's methodologists."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants.courses.models import ApplicationStatus
from tenants.courses.services import course_application_confirm, course_application_decline, course_application_submit
from tenants.organisations.services import school_coordinator_appoint
from tenants.staff_home import home_lines
from tests.tenants.courses.factories import offer_with_quota
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory


@pytest.fixture
def schools(muni_a, make_user):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        x, y = OrganisationFactory(short_name="МБОУ «Школа X»"), OrganisationFactory(short_name="МБОУ «Школа Y»")
        coordinator = school_coordinator_appoint(
            municipality=muni_a, organisation=x, email="zavuch-x@example.test", last_name="Завучева", acting_user=head
        ).user
        offer = offer_with_quota()
        teacher_x = TeacherFactory(organisation=x, last_name="Иксова")
        teacher_y = TeacherFactory(organisation=y, last_name="Игрекова")
        of_x = course_application_submit(offer=offer, teacher=teacher_x, acting_user=None)
        of_y = course_application_submit(offer=offer, teacher=teacher_y, acting_user=None)
    return {"coordinator": User.objects.get(pk=coordinator.pk), "x": of_x, "y": of_y}


def test_the_coordinator_of_x_confirms_xs_teacher_only(muni_a, host_client, schools):
    client = host_client(muni_a, schools["coordinator"])
    listing = client.get("/admin/courses/applications/").content.decode()
    assert "Иксова" in listing and "Игрекова" not in listing
    assert client.post(f"/admin/courses/applications/{schools['y'].pk}/confirm/").status_code == 404
    assert client.get(f"/admin/courses/applications/{schools['y'].pk}/decline/").status_code == 404
    assert client.post(f"/admin/courses/applications/{schools['x'].pk}/confirm/").status_code == 302
    with tenant_context(muni_a):
        schools["x"].refresh_from_db()
        schools["y"].refresh_from_db()
        assert schools["x"].status == ApplicationStatus.CONFIRMED
        assert schools["y"].status == ApplicationStatus.SUBMITTED
        # Through the service as well, whatever screen would call it.
        with pytest.raises(PermissionDenied):
            course_application_confirm(application=schools["y"], acting_user=schools["coordinator"])
        with pytest.raises(PermissionDenied):
            course_application_decline(application=schools["y"], acting_user=schools["coordinator"], reason="нет")
    # The quota list and the offers are the service's, not the school's.
    for url in ("/admin/courses/", f"/admin/courses/offers/{schools['x'].offer_id}/"):
        response = client.get(url)
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/", url


def test_a_school_with_a_coordinator_is_decided_by_them_not_the_service(muni_a, host_client, methodologist_a, schools):
    with tenant_context(muni_a):
        with pytest.raises(PermissionDenied):
            course_application_confirm(application=schools["x"], acting_user=methodologist_a)
        # School Y has no coordinator: the service confirms.
        assert course_application_confirm(application=schools["y"], acting_user=methodologist_a).status == "confirmed"
    page = host_client(muni_a, methodologist_a).get("/admin/courses/applications/").content.decode()
    assert "Иксова" in page  # seen, not decided
    assert f"/admin/courses/applications/{schools['x'].pk}/confirm/" not in page


def test_the_coordinators_home_counts_their_schools_applications(muni_a, schools):
    with tenant_context(muni_a):
        sections = home_lines(schools["coordinator"])
    lines = {line.key: line for _section, section_lines in sections for line in section_lines}
    assert lines["courses.to_confirm"].count == 1 and lines["courses.to_confirm"].attention


def test_a_coordinator_of_a_gets_nothing_on_bs_host(muni_a, muni_b, host_client, schools):
    assert host_client(muni_b, schools["coordinator"]).get("/admin/courses/applications/").status_code in (302, 403)
