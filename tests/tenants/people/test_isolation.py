"""Teachers are personal data: only this municipality's staff see them.

A methodologist of B gets nothing of A's (lists, search, edit, export, import); institute
staff, who read every municipality's admin, get no teacher, methodologist or subject screen in
any of them; an import token made in A finds nothing in B.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import role_grant
from tenants.people.models import Teacher
from tests.tenants.imports.files import xlsx_bytes
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

SECRET = "Засекреченная"


def refused(response) -> bool:
    """Wagtail's answer to someone without access: to the login page, or back to the dashboard."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in ("/accounts/login/", "/admin/")
    )


@pytest.fixture
def teacher_a(muni_a):
    with tenant_context(muni_a):
        return TeacherFactory(last_name=SECRET)


def _personal_urls(teacher_id: int) -> list[str]:
    return [
        "/admin/teachers/",
        f"/admin/teachers/?q={SECRET}",
        "/admin/teachers/?export=xlsx",
        "/admin/teachers/?export=csv",
        f"/admin/teachers/edit/{teacher_id}/",
        f"/admin/teachers/history/{teacher_id}/",
        "/admin/teachers/new/",
        "/admin/teachers/import/",
        "/admin/teachers/import/template/",
        "/admin/methodologists/",
        "/admin/subjects/",
        "/admin/responsibility_areas/",
    ]


def test_methodologist_of_b_gets_nothing_of_as_teachers(muni_a, muni_b, make_user, host_client, teacher_a):
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_a = host_client(muni_a, methodologist_b)
    for url in _personal_urls(teacher_a.pk):
        response = on_a.get(url)
        assert refused(response), url
        assert SECRET.encode() not in response.content, url
    # In B's own admin A's teacher is neither listed, found, exported nor reachable by id.
    on_b = host_client(muni_b, methodologist_b)
    for url in ("/admin/teachers/", f"/admin/teachers/?q={SECRET}", "/admin/teachers/?export=csv"):
        response = on_b.get(url)
        assert response.status_code == 200, url
        # The search box repeats the query; the teacher's first name would come only with a result.
        assert teacher_a.first_name.encode() not in response.content, url
        assert b"<tbody>" not in response.content or SECRET.encode() not in response.content.split(b"<tbody>")[1]
    with tenant_context(muni_b):
        assert not Teacher.objects.filter(pk=teacher_a.pk).exists()
    assert on_b.get(f"/admin/teachers/edit/{teacher_a.pk}/").status_code == 404


def test_institute_staff_get_no_teachers_anywhere(muni_a, muni_b, make_user, host_client, teacher_a):
    institute = make_user(Role.INSTITUTE, None)
    with tenant_context(muni_b):
        teacher_b = TeacherFactory(last_name=SECRET)
    for municipality, teacher in ((muni_a, teacher_a), (muni_b, teacher_b)):
        client = host_client(municipality, institute)
        assert client.get("/admin/").status_code == 200
        for url in _personal_urls(teacher.pk):
            response = client.get(url)
            assert refused(response), (municipality.slug, url)
            assert SECRET.encode() not in response.content, url
        # Organisations are not personal data: the region reads them, but imports nothing.
        assert client.get("/admin/organisations/").status_code == 200
        assert refused(client.get("/admin/organisations/import/"))


def test_import_token_of_a_is_useless_on_b(muni_a, muni_b, make_user, host_client):
    # One person with a methodologist's role in both municipalities, like the demo's regional one.
    person = make_user(Role.METHODOLOGIST, muni_a)
    role_grant(user=person, role=Role.METHODOLOGIST, municipality=muni_b, acting_user=None)
    for municipality in (muni_a, muni_b):
        with tenant_context(municipality):
            OrganisationFactory(short_name="МБОУ «СОШ № 1»")
    data = xlsx_bytes(
        [["Фамилия", "Имя", "Организация", "Должность"], ["Иванова", "Мария", "МБОУ «СОШ № 1»", "учитель"]]
    )
    upload = host_client(muni_a, person).post("/admin/teachers/import/", {"file": SimpleUploadedFile("t.xlsx", data)})
    preview_url = upload["Location"]
    on_b = host_client(muni_b, person)
    assert on_b.get(preview_url).status_code == 404
    assert on_b.post(preview_url).status_code == 404
    with tenant_context(muni_b):
        assert not Teacher.objects.exists()
    # Another person of A cannot use it either.
    other = make_user(Role.METHODOLOGIST, muni_a)
    assert host_client(muni_a, other).get(preview_url).status_code == 404
    # Its owner still can, on A.
    assert host_client(muni_a, person).post(preview_url).status_code == 302
    with tenant_context(muni_a):
        assert Teacher.objects.count() == 1
