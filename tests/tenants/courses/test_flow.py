"""The whole way of a course offer: published on the site, applied for from the teacher's account,
confirmed by the organisation, put on the quota list, exported for the provider, and — when the
course has ended — a course record for each listed teacher, written once."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
import time_machine
from django.core import mail
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from tenants.courses.models import ApplicationStatus, CourseApplication
from tenants.courses.tasks import course_offers_complete
from tenants.development.models import CourseRecord, StepKind
from tests.tenants.courses.factories import offer_with_quota, offers_page
from tests.tenants.development.factories import LearningRouteFactory, RouteStepFactory, area
from tests.tenants.people.factories import TeacherFactory

FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def world(muni_a, make_user):
    person = make_user(Role.TEACHER, muni_a)
    with tenant_context(muni_a):
        teacher = TeacherFactory(
            last_name="Соколова", first_name="Анна", middle_name=FORMULA, user=person, email="sokolova@school.example"
        )
        offer = offer_with_quota()
        page_url = offers_page().get_url()
        route = LearningRouteFactory(teacher=teacher)
        step = RouteStepFactory(route=route, kind=StepKind.COURSE, course_offer=offer, area=area("functional-literacy"))
    return {"person": person, "teacher": teacher, "offer": offer, "page_url": page_url, "step": step}


def test_offer_to_course_record(muni_a, host_client, methodologist_a, world, django_capture_on_commit_callbacks):
    offer, teacher = world["offer"], world["teacher"]
    visitor = host_client(muni_a)
    index = visitor.get(world["page_url"]).content.decode()
    assert offer.programme in index and "Учителя начальных классов" in index
    detail = visitor.get(f"{world['page_url']}{offer.pk}/").content.decode()
    assert "Очно-заочно" in detail and "ГАОУ ДПО «ЛОИРО»" in detail and f"/courses/{offer.pk}/apply/" in detail

    # The teacher applies from their account (the cabinet links there).
    cabinet = host_client(muni_a, world["person"])
    assert 'href="/courses/"' in cabinet.get("/cabinet/").content.decode()
    assert offer.programme in cabinet.get("/courses/").content.decode()  # open for applications
    assert cabinet.get(f"/courses/{offer.pk}/apply/").status_code == 200
    response = cabinet.post(f"/courses/{offer.pk}/apply/", {"comment": "Прошу направить"})
    assert response.status_code == 302
    with tenant_context(muni_a):
        application = CourseApplication.objects.get(offer=offer, teacher=teacher)
    assert application.status == ApplicationStatus.SUBMITTED
    assert "Ждёт подтверждения организации" in cabinet.get("/courses/").content.decode()

    # The organisation confirms (the service's methodologist while no coordinator is bound).
    staff = host_client(muni_a, methodologist_a)
    listing = staff.get("/admin/courses/applications/").content.decode()
    assert "Соколова" in listing
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(f"/admin/courses/applications/{application.pk}/confirm/").status_code == 302
    assert [m.to for m in mail.outbox] == [["sokolova@school.example"]]
    assert "подтверждена" in mail.outbox[0].subject and "Методическая служба" in mail.outbox[0].from_email

    # The methodologist makes the list for the provider.
    assert "Соколова" in staff.get(f"/admin/courses/offers/{offer.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/admin/courses/offers/{offer.pk}/",
            {f"include-{application.pk}": "on", f"position-{application.pk}": "1"},
        )
    assert response.status_code == 302
    assert "списке" in mail.outbox[-1].subject
    with tenant_context(muni_a):
        application.refresh_from_db()
        assert (application.status, application.list_position) == (ApplicationStatus.LISTED, 1)

    # Exported: XLSX with text cells only (a formula-like name stays text), and DOCX.
    xlsx = staff.get(f"/admin/courses/offers/{offer.pk}/list.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows()]
    teacher_cells = [row for row in rows if row[0].value == 1]
    assert len(teacher_cells) == 1
    name = teacher_cells[0][1]
    assert name.value == f"Соколова Анна {FORMULA}" and name.data_type == "s"
    assert all(c.data_type != "f" for row in rows for c in row)
    document = docx.Document(io.BytesIO(staff.get(f"/admin/courses/offers/{offer.pk}/list.docx").content))
    assert document.tables[0].rows[1].cells[1].text == f"Соколова Анна {FORMULA}"

    # The course ends: the beat's task writes the record once; a second run writes nothing.
    with time_machine.travel(offer.end_date + datetime.timedelta(days=1), tick=False), tenant_context(muni_a):
        assert course_offers_complete(municipality_id=muni_a.pk) == 1
        assert course_offers_complete(municipality_id=muni_a.pk) == 0
        record = CourseRecord.objects.get(teacher=teacher)
        application.refresh_from_db()
        world["step"].refresh_from_db()
        offer.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED and application.course_record == record
    assert (record.course_offer_id, record.hours, record.end_date) == (offer.pk, 36, offer.end_date)
    assert [a.code for a in record.competence_areas.all()] == ["functional-literacy"]
    assert world["step"].status == "done"  # the route's course step is completed by the record
    assert offer.completed_at is not None
    actions = set(AuditEntry.objects.filter(action__startswith="course_").values_list("action", flat=True))
    assert {
        "course_application.submit",
        "course_application.confirm",
        "course_offer.quota_list",
        "course_offer.complete",
        "course_record.create",
    } <= actions


def test_completion_by_hand_is_idempotent_too(muni_a, host_client, methodologist_a, world):
    with tenant_context(muni_a):
        from tenants.courses.services import (
            course_application_confirm,
            course_application_submit,
            course_offer_complete,
            course_quota_list_set,
        )

        application = course_application_submit(offer=world["offer"], teacher=world["teacher"], acting_user=None)
        course_application_confirm(application=application, acting_user=None, notify=False)
        course_quota_list_set(offer=world["offer"], application_ids=[application.pk], acting_user=None, notify=False)
    staff = host_client(muni_a, methodologist_a)
    # Not yet ended: refused, nothing written.
    staff.post(f"/admin/courses/offers/{world['offer'].pk}/complete/")
    with tenant_context(muni_a):
        assert not CourseRecord.objects.exists()
    with time_machine.travel(world["offer"].end_date + datetime.timedelta(days=2), tick=False):
        staff = host_client(muni_a, methodologist_a)  # a fresh sign-in: the staff session idles out
        assert staff.post(f"/admin/courses/offers/{world['offer'].pk}/complete/").status_code == 302
        staff.post(f"/admin/courses/offers/{world['offer'].pk}/complete/")
        with tenant_context(muni_a):
            assert CourseRecord.objects.filter(teacher=world["teacher"]).count() == 1
            assert course_offer_complete(offer=world["offer"], acting_user=None) == []


def test_decline_needs_a_reason_and_is_mailed(
    muni_a, host_client, methodologist_a, world, django_capture_on_commit_callbacks
):
    with tenant_context(muni_a):
        from tenants.courses.services import course_application_submit

        application = course_application_submit(offer=world["offer"], teacher=world["teacher"], acting_user=None)
    staff = host_client(muni_a, methodologist_a)
    assert staff.get(f"/admin/courses/applications/{application.pk}/decline/").status_code == 200
    assert staff.post(f"/admin/courses/applications/{application.pk}/decline/", {"reason": " "}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/admin/courses/applications/{application.pk}/decline/", {"reason": "Аттестация в эти дни"}
        )
    assert response.status_code == 302
    assert "Аттестация в эти дни" in mail.outbox[0].body
    page = host_client(muni_a, world["person"]).get("/courses/").content.decode()
    assert "Отклонена организацией" in page and "Аттестация в эти дни" in page
