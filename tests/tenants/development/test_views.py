"""The teacher's own page at growth/: login, only their own record, marking steps, their files."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.development.models import CourseFormat, StepStatus
from tenants.development.services import course_record_create
from tests.tenants.development.factories import (
    CourseOfferFactory,
    CourseRecordFactory,
    DeficitFactory,
    LearningRouteFactory,
    RouteStepFactory,
    area,
)
from tests.tenants.people.factories import TeacherFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def own(muni_a, make_user):
    person = make_user()
    with tenant_context(muni_a):
        teacher = TeacherFactory(user=person, last_name="Собственная")
        CourseRecordFactory(teacher=teacher, programme="Моя программа", end_date=datetime.date(2024, 5, 20))
        DeficitFactory(teacher=teacher, area=area("digital"))
        CourseOfferFactory(programme="Курс для цифровой грамотности", competence_areas=[area("digital")])
        route = LearningRouteFactory(teacher=teacher)
        step = RouteStepFactory(route=route, title="Мой шаг")
        RouteStepFactory(route=route, title="Мой второй шаг")
    return person, teacher, step


def test_the_page_needs_a_login(muni_a, host_client):
    response = host_client(muni_a).get("/growth/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_teacher_sees_their_record_suggestions_and_route(muni_a, host_client, own):
    person, _teacher, _step = own
    with tenant_context(muni_a):
        TeacherFactory(last_name="Чужая")
        CourseRecordFactory(programme="Чужая программа")
    response = host_client(muni_a, person).get("/growth/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Собственная" in body and "Моя программа" in body and "Мой шаг" in body
    assert "20.05.2027" in body  # three years after the last course
    assert "Курс для цифровой грамотности" in body  # suggested for the deficit
    assert "Чужая" not in body
    assert response["Cache-Control"] == "private, no-store"


def test_a_teacher_marks_own_step_but_not_anothers(muni_a, host_client, own):
    person, _teacher, step = own
    with tenant_context(muni_a):
        stranger_step = RouteStepFactory()
    client = host_client(muni_a, person)
    assert client.get(f"/growth/steps/{step.pk}/done/").status_code == 405
    assert client.post(f"/growth/steps/{stranger_step.pk}/done/").status_code == 404
    assert client.post(f"/growth/steps/{step.pk}/done/").status_code == 302
    with tenant_context(muni_a):
        step.refresh_from_db()
        stranger_step.refresh_from_db()
    assert step.status == StepStatus.DONE and stranger_step.status == StepStatus.PLANNED
    again = client.post(f"/growth/steps/{step.pk}/done/", follow=True)
    assert "Этот шаг уже отмечен.".encode() in again.content


def test_an_account_without_a_teacher_record_sees_no_ones_data(muni_a, host_client, make_user, own):
    response = host_client(muni_a, make_user()).get("/growth/")
    assert response.status_code == 200
    assert "не связана с карточкой педагога".encode() in response.content
    assert "Собственная".encode() not in response.content


def test_own_document_scan_downloads_and_anothers_does_not(muni_a, host_client, own, make_user, media_root):
    person, teacher, _step = own
    with tenant_context(muni_a):
        mine = course_record_create(
            acting_user=None,
            teacher=teacher,
            provider="ЛОИРО",
            programme="С документом",
            hours=16,
            format=CourseFormat.FULL_TIME,
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 3),
            file=SimpleUploadedFile("scan.pdf", PDF),
        )
        other = course_record_create(
            acting_user=None,
            teacher=TeacherFactory(),
            provider="ЛОИРО",
            programme="Чужой документ",
            hours=16,
            format=CourseFormat.FULL_TIME,
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 3),
            file=SimpleUploadedFile("scan.pdf", PDF),
        )
    assert mine.file.name.startswith("development/courses/") and mine.file.name.endswith(".pdf")
    assert (media_root / muni_a.schema_name / mine.file.name).exists()
    client = host_client(muni_a, person)
    response = client.get(f"/growth/courses/{mine.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client.get(f"/growth/courses/{other.pk}/file/").status_code == 404
    # The media URL never serves the folder.
    assert client.get(f"/media/{mine.file.name}").status_code == 404


def test_a_file_that_is_not_a_document_is_refused(muni_a):
    from django.core.exceptions import ValidationError

    with tenant_context(muni_a), pytest.raises(ValidationError) as error:
        course_record_create(
            acting_user=None,
            teacher=TeacherFactory(),
            provider="ЛОИРО",
            programme="Подделка",
            hours=16,
            format=CourseFormat.FULL_TIME,
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2025, 3, 3),
            file=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert "file" in error.value.message_dict
