"""The head of service's staff screen in the Wagtail admin."""

from __future__ import annotations

import pytest

from accounts.models import Role, User
from accounts.selectors import user_roles


@pytest.fixture
def head_a(make_user, muni_a):
    return make_user(Role.HEAD, muni_a)


def test_head_sees_the_municipalitys_people_only(head_a, methodologist_a, muni_a, make_user, muni_b, host_client):
    outsider = make_user(Role.METHODOLOGIST, muni_b)
    response = host_client(muni_a, head_a).get("/admin/staff/")
    body = response.content.decode()
    assert response.status_code == 200
    assert methodologist_a.email in body and head_a.email in body
    assert outsider.email not in body


def test_head_invites_a_new_person_with_a_role(head_a, muni_a, host_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = host_client(muni_a, head_a).post(
            "/admin/staff/",
            {
                "action": "invite",
                "email": "new.teacher@example.test",
                "last_name": "Иванова",
                "first_name": "Мария",
                "middle_name": "",
                "role": Role.TEACHER,
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="new.teacher@example.test")
    assert user_roles(person).in_municipality(muni_a.schema_name) == {Role.TEACHER}
    assert len(callbacks) == 1  # the invitation, after commit


def test_invite_form_errors_are_shown_in_russian(head_a, muni_a, host_client):
    response = host_client(muni_a, head_a).post("/admin/staff/", {"action": "invite", "email": "nope", "role": "x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты" in body or "корректный адрес" in body
    assert not User.objects.filter(email="nope").exists()


def test_head_revokes_a_role_but_not_the_last_head(head_a, methodologist_a, muni_a, host_client):
    client = host_client(muni_a, head_a)
    client.post("/admin/staff/", {"action": "revoke", "user_id": methodologist_a.pk, "role": Role.METHODOLOGIST})
    assert not user_roles(User.objects.get(pk=methodologist_a.pk)).in_municipality(muni_a.schema_name)
    response = client.post("/admin/staff/", {"action": "revoke", "user_id": head_a.pk, "role": Role.HEAD}, follow=True)
    assert "последнего руководителя" in response.content.decode()
    assert user_roles(User.objects.get(pk=head_a.pk)).has(Role.HEAD, muni_a.schema_name)


def test_head_cannot_touch_people_of_another_municipality(head_a, muni_a, make_user, muni_b, host_client):
    outsider = make_user(Role.METHODOLOGIST, muni_b)
    response = host_client(muni_a, head_a).post(
        "/admin/staff/", {"action": "revoke", "user_id": outsider.pk, "role": Role.METHODOLOGIST}, follow=True
    )
    assert "нет" in response.content.decode()
    assert user_roles(User.objects.get(pk=outsider.pk)).has(Role.METHODOLOGIST, muni_b.schema_name)


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.CHAIR, Role.TEACHER])
def test_only_the_head_manages_staff(make_user, muni_a, host_client, role):
    response = host_client(muni_a, make_user(role, muni_a)).get("/admin/staff/")
    assert response.status_code in (302, 403)


def test_head_of_a_cannot_manage_bs_staff(head_a, muni_b, host_client):
    assert host_client(muni_b, head_a).get("/admin/staff/").status_code in (302, 403)
