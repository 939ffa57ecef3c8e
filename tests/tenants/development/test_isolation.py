"""Teachers' growth is personal data: A's records reach neither B's staff, nor the region's
observers, nor another teacher; files stay in A's folder and are served only on A's host."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.services import role_grant
from tenants.development.models import CourseFormat, CourseRecord, DiagnosticInstrument, ResultLevel
from tenants.development.services import ResultData, course_record_create, diagnostic_create
from tests.tenants.development.factories import CourseOfferFactory, LearningRouteFactory, RouteStepFactory, area
from tests.tenants.people.factories import TeacherFactory

SECRET = "Засекреченная"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def refused(response) -> bool:
    """Wagtail's answer to someone without access: to the login page, or back to the dashboard."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in ("/accounts/login/", "/admin/")
    )


@pytest.fixture
def data_a(muni_a, make_user):
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        teacher = TeacherFactory(last_name=SECRET, first_name="Тайнослава", user=person)
        record = course_record_create(
            acting_user=None,
            teacher=teacher,
            provider="ЛОИРО",
            programme=f"Курс {SECRET}",
            hours=36,
            format=CourseFormat.DISTANCE,
            start_date=datetime.date(2025, 1, 10),
            end_date=datetime.date(2025, 1, 20),
            file=SimpleUploadedFile("scan.pdf", PDF),
        )
        diagnostic = diagnostic_create(
            acting_user=None,
            teacher=teacher,
            held_on=datetime.date(2025, 10, 1),
            instrument=DiagnosticInstrument.REGIONAL,
            instrument_name="Диагностика",
            results=[ResultData(area=area("digital"), level=ResultLevel.INSUFFICIENT)],
        )
        route = LearningRouteFactory(teacher=teacher, title=f"Маршрут {SECRET}")
        step = RouteStepFactory(route=route)
        offer = CourseOfferFactory()
        deficit = diagnostic.deficits.get()
    return {
        "person": person,
        "teacher": teacher,
        "record": record,
        "diagnostic": diagnostic,
        "deficit": deficit,
        "route": route,
        "step": step,
        "offer": offer,
    }


def _admin_urls(d) -> list[str]:
    return [
        "/admin/development/due/",
        "/admin/development/due/?export=xlsx",
        f"/admin/development/due/teacher/{d['teacher'].pk}/",
        "/admin/development/courses/",
        f"/admin/development/courses/?q={SECRET}",
        "/admin/development/courses/?export=xlsx",
        f"/admin/development/courses/edit/{d['record'].pk}/",
        f"/admin/development/courses/file/{d['record'].pk}/",
        "/admin/development/courses/import/",
        "/admin/development/diagnostics/",
        f"/admin/development/diagnostics/edit/{d['diagnostic'].pk}/",
        "/admin/development/deficits/",
        f"/admin/development/deficits/edit/{d['deficit'].pk}/",
        "/admin/development/routes/",
        f"/admin/development/routes/edit/{d['route'].pk}/",
        "/admin/development/routes/build/",
    ]


def test_own_staff_reach_every_screen(muni_a, host_client, methodologist_a, data_a):
    client = host_client(muni_a, methodologist_a)
    for url in _admin_urls(data_a):
        assert client.get(url).status_code == 200, url


def test_methodologist_of_b_gets_nothing_of_as(muni_a, muni_b, make_user, host_client, data_a):
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_a = host_client(muni_a, methodologist_b)
    for url in _admin_urls(data_a):
        response = on_a.get(url)
        assert refused(response), url
        assert SECRET.encode() not in response.content, url
    on_b = host_client(muni_b, methodologist_b)
    for url in _admin_urls(data_a):
        response = on_b.get(url)
        # The search box repeats the query; A's data would show as the programme or the first name.
        for leak in (f"Курс {SECRET}", f"Маршрут {SECRET}", data_a["teacher"].first_name):
            assert leak.encode() not in response.content, url
        if "edit/" in url or "teacher/" in url or "file/" in url:
            assert response.status_code == 404, url
    assert on_b.post(f"/admin/development/routes/delete/{data_a['route'].pk}/").status_code == 404
    with tenant_context(muni_a):
        assert CourseRecord.objects.filter(pk=data_a["record"].pk).exists()


def test_region_observers_get_nothing(muni_a, make_user, host_client, data_a):
    for role in (Role.INSTITUTE, Role.COMMITTEE):
        client = host_client(muni_a, make_user(role, None))
        assert client.get("/admin/").status_code == 200
        for url in _admin_urls(data_a):
            response = client.get(url)
            assert refused(response), (role, url)
            assert SECRET.encode() not in response.content, url
        assert SECRET.encode() not in client.get("/growth/").content


def test_another_teacher_and_another_municipality_see_nothing_on_growth(muni_a, muni_b, make_user, host_client, data_a):
    d = data_a
    other = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        TeacherFactory(user=other)
    client = host_client(muni_a, other)
    assert SECRET.encode() not in client.get("/growth/").content
    assert client.post(f"/growth/steps/{d['step'].pk}/done/").status_code == 404
    assert client.get(f"/growth/courses/{d['record'].pk}/file/").status_code == 404
    # A's teacher signed in on B's host (a role there too) finds no record of theirs, and no file.
    role_grant(user=d["person"], role=Role.TEACHER, municipality=muni_b, acting_user=None)
    on_b = host_client(muni_b, d["person"])
    page = on_b.get("/growth/")
    assert page.status_code == 200 and SECRET.encode() not in page.content
    assert on_b.get(f"/growth/courses/{d['record'].pk}/file/").status_code == 404
    assert on_b.post(f"/growth/steps/{d['step'].pk}/done/").status_code == 404


def test_files_live_in_the_municipalitys_folder(muni_a, muni_b, media_root, data_a):
    name = data_a["record"].file.name
    assert (media_root / muni_a.schema_name / name).is_file()
    assert not (media_root / muni_b.schema_name / name).exists()
