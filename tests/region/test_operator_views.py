"""The operator's registry on the region host: list, provision, archive; nobody else gets in."""

from __future__ import annotations

import pytest

from accounts.models import Role
from tenants.municipalities.models import Municipality

FORM = {
    "name": "Приозерский муниципальный район",
    "short_name": "Приозерский район",
    "slug": "priozersk-op",
    "oktmo": "",
    "contact_email": "mms@priozersk.example",
    "domains": "",
    "head_email": "",
    "head_last_name": "",
    "head_first_name": "",
}


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR, None)


def test_operator_sees_the_registry(operator, muni_a, host_client):
    response = host_client(None, operator).get("/operator/")
    assert response.status_code == 200
    assert muni_a.name in response.content.decode()


@pytest.mark.parametrize("role", [Role.INSTITUTE, Role.COMMITTEE])
def test_region_roles_other_than_operator_are_refused(make_user, host_client, role):
    response = host_client(None, make_user(role, None)).get("/operator/")
    assert response.status_code == 403


def test_municipal_staff_are_refused_and_anonymous_sent_to_login(methodologist_a, host_client):
    assert host_client(None, methodologist_a).get("/operator/provision/").status_code == 403
    response = host_client().get("/operator/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_operator_screen_is_not_served_on_a_municipality_host(operator, muni_a, host_client):
    assert host_client(muni_a, operator).get("/operator/").status_code == 404


def test_operator_provisions_through_the_form(operator, host_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = host_client(None, operator).post("/operator/provision/", FORM, follow=True)
    assert response.status_code == 200
    assert "создан" in response.content.decode()
    municipality = Municipality.objects.get(slug="priozersk-op")
    assert municipality.domains.get().domain == "priozersk-op.lenobl.localhost"


def test_bad_input_is_shown_on_the_form_and_nothing_is_created(operator, muni_a, host_client):
    response = host_client(None, operator).post(
        "/operator/provision/", {**FORM, "slug": "www", "domains": f"bad domain\n{muni_a.default_hostname}"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "зарезервирован" in body and "недопустимое имя домена" in body and "уже отдан" in body
    assert not Municipality.objects.filter(name=FORM["name"]).exists()


def test_operator_archives_and_restores(operator, muni_b, host_client):
    client = host_client(None, operator)
    client.post(f"/operator/{muni_b.slug}/archive/")
    muni_b.refresh_from_db()
    assert muni_b.is_archived
    assert host_client(muni_b).get("/").status_code == 503
    client.post(f"/operator/{muni_b.slug}/unarchive/")
    muni_b.refresh_from_db()
    assert not muni_b.is_archived


def test_archive_needs_post(operator, muni_b, host_client):
    assert host_client(None, operator).get(f"/operator/{muni_b.slug}/archive/").status_code == 405
