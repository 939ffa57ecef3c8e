"""The staff's screens: the due list and its export, the teacher's card, and admin forms that
have the same effects as the services (steps completed, deficits opened, routes built)."""

from __future__ import annotations

import datetime
import io

from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import MunicipalityYearRollup
from tenants.academic_years import AcademicYear
from tenants.development.models import CourseRecord, Deficit, LearningRoute, StepKind, StepStatus
from tests.tenants.development.factories import (
    CourseRecordFactory,
    DeficitFactory,
    LearningRouteFactory,
    RouteStepFactory,
    area,
)
from tests.tenants.imports.files import xlsx_rows
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

TODAY = datetime.date.today


def test_the_due_list_filters_and_exports(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="МБОУ «Гимназия»")
        late = TeacherFactory(last_name="Просроченная", organisation=school)
        CourseRecordFactory(teacher=late, end_date=TODAY() - datetime.timedelta(days=4 * 365))
        fine = TeacherFactory(last_name="Своевременная", organisation=school)
        CourseRecordFactory(teacher=fine, end_date=TODAY() - datetime.timedelta(days=30))
        TeacherFactory(last_name="Издругойшколы")
    client = host_client(muni_a, methodologist_a)
    page = client.get("/admin/development/due/", {"status": "overdue", "organisation": school.pk})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Просроченная" in body and "Своевременная" not in body and "Издругойшколы" not in body
    assert f"/admin/development/due/teacher/{late.pk}/" in body
    export = client.get("/admin/development/due/", {"organisation": school.pk, "export": "xlsx"})
    rows = xlsx_rows(export.content)
    assert export["Content-Disposition"].startswith("attachment")
    assert rows[0][0] == "Педагог" and len(rows) == 3
    assert rows[1][0].startswith("Просроченная") and rows[1][5] == "Срок прошёл"  # due first


def test_the_teacher_card_shows_courses_deficits_and_routes(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory(last_name="Карточная")
        CourseRecordFactory(teacher=teacher, programme="Программа из карточки")
        DeficitFactory(teacher=teacher, area=area("psychology"))
        RouteStepFactory(route=LearningRouteFactory(teacher=teacher), title="Шаг из карточки")
    body = host_client(muni_a, methodologist_a).get(f"/admin/development/due/teacher/{teacher.pk}/").content.decode()
    for text in ("Карточная", "Программа из карточки", "Психолого-педагогические компетенции", "Шаг из карточки"):
        assert text in body


def test_a_course_added_in_the_admin_completes_the_step_and_moves_the_roll_up(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        step = RouteStepFactory(route=LearningRouteFactory(teacher=teacher), kind=StepKind.COURSE, area=area("digital"))
        RouteStepFactory(route=step.route)
    response = host_client(muni_a, methodologist_a).post(
        "/admin/development/courses/new/",
        {
            "teacher": teacher.pk,
            "programme": "Цифровые инструменты",
            "provider": "ЛОИРО",
            "hours": 24,
            "format": "distance",
            "start_date": (TODAY() - datetime.timedelta(days=5)).isoformat(),
            "end_date": TODAY().isoformat(),
            "document_kind": "certificate",
            "document_number": "1",
            "competence_areas": [area_pk(muni_a, "digital")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(muni_a):
        step.refresh_from_db()
        assert step.status == StepStatus.DONE
        assert step.course_record == CourseRecord.objects.get(programme="Цифровые инструменты")
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=AcademicYear.current().label)
    assert row.pd_up_to_date >= 1 and row.route_steps_done == 1
    assert AuditEntry.objects.filter(action="course_record.create", actor=methodologist_a).exists()
    assert AuditEntry.objects.filter(action="route_step.done", actor=methodologist_a).exists()


def area_pk(municipality, code):
    with tenant_context(municipality):
        return area(code).pk


def test_a_diagnostic_entered_in_the_admin_opens_its_deficits(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
    results = {
        "results-TOTAL_FORMS": "2",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "1",
        "results-MAX_NUM_FORMS": "1000",
        "results-0-area": area_pk(muni_a, "fgos"),
        "results-0-level": "insufficient",
        "results-0-ORDER": "1",
        "results-1-area": area_pk(muni_a, "subject"),
        "results-1-level": "high",
        "results-1-ORDER": "2",
    }
    response = host_client(muni_a, methodologist_a).post(
        "/admin/development/diagnostics/new/",
        {
            "teacher": teacher.pk,
            "held_on": "2025-10-01",
            "instrument": "regional",
            "instrument_name": "Региональная диагностика",
            **results,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        assert [d.area.code for d in Deficit.objects.filter(teacher=teacher)] == ["fgos"]


def test_a_route_is_built_in_the_admin(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        DeficitFactory(teacher=teacher, area=area("gifted"))
    client = host_client(muni_a, methodologist_a)
    assert client.get(f"/admin/development/routes/build/?teacher={teacher.pk}").status_code == 200
    response = client.post(
        "/admin/development/routes/build/",
        {
            "teacher": teacher.pk,
            "period_start": TODAY().isoformat(),
            "period_end": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200 and "раньше, чем начнётся".encode() in response.content
    response = client.post(
        "/admin/development/routes/build/",
        {
            "teacher": teacher.pk,
            "period_start": TODAY().isoformat(),
            "period_end": (TODAY() + datetime.timedelta(days=120)).isoformat(),
        },
    )
    assert response.status_code == 302
    with tenant_context(muni_a):
        route = LearningRoute.objects.get(teacher=teacher)
        assert [s.kind for s in route.steps.all()] == [StepKind.SELF_STUDY]
    assert response["Location"] == f"/admin/development/routes/edit/{route.pk}/"


def test_the_tutor_completes_the_last_step_in_the_admin_and_the_route_closes_its_deficits(
    muni_a, host_client, methodologist_a
):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        deficit = DeficitFactory(teacher=teacher, area=area("upbringing"))
        route = LearningRouteFactory(teacher=teacher)
        route.deficits.set([deficit])
        step = RouteStepFactory(route=route, title="Стажировка в гимназии", kind=StepKind.INTERNSHIP)
    form = {
        "teacher": teacher.pk,
        "tutor": "",
        "title": route.title,
        "period_start": route.period_start.isoformat(),
        "period_end": route.period_end.isoformat(),
        "status": "active",
        "deficits": [deficit.pk],
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "1",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-id": step.pk,
        "steps-0-kind": "internship",
        "steps-0-title": step.title,
        "steps-0-target_date": step.target_date.isoformat(),
        "steps-0-status": "done",
        "steps-0-ORDER": "1",
    }
    response = host_client(muni_a, methodologist_a).post(f"/admin/development/routes/edit/{route.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        step.refresh_from_db()
        route.refresh_from_db()
        deficit.refresh_from_db()
    assert (step.status, step.done_on, step.done_by) == (StepStatus.DONE, TODAY(), methodologist_a)
    assert route.status == "completed" and deficit.status == "closed"
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=AcademicYear.current().label)
    assert (row.routes_completed, row.route_steps_done, row.deficits_open) == (1, 1, 0)


def test_deleting_a_course_in_the_admin_removes_its_scan_and_recounts(
    muni_a, host_client, methodologist_a, media_root, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenants.development.models import CourseFormat
    from tenants.development.services import course_record_create

    with tenant_context(muni_a):
        record = course_record_create(
            acting_user=None,
            teacher=TeacherFactory(),
            provider="ЛОИРО",
            programme="Удаляемый курс",
            hours=16,
            format=CourseFormat.FULL_TIME,
            start_date=TODAY() - datetime.timedelta(days=3),
            end_date=TODAY(),
            file=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    stored = media_root / muni_a.schema_name / record.file.name
    assert stored.is_file()
    client = host_client(muni_a, methodologist_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/development/courses/delete/{record.pk}/")
    assert response.status_code == 302
    assert not stored.exists()
    row = MunicipalityYearRollup.objects.get(municipality=muni_a, academic_year=AcademicYear.current().label)
    assert (row.pd_up_to_date, row.pd_overdue) == (0, 1)  # the teacher's only course is gone
    assert AuditEntry.objects.filter(action="course_record.delete", actor=methodologist_a).exists()


def test_a_competence_area_in_use_is_not_deleted(muni_a, host_client, methodologist_a):
    with tenant_context(muni_a):
        used = area("gifted")
        DeficitFactory(area=used)
    response = host_client(muni_a, methodologist_a).post(f"/admin/development/areas/delete/{used.pk}/", follow=True)
    # Wagtail refuses when its reference index knows the use; otherwise the delete view says why.
    assert response.status_code == 200
    assert "нельзя удалить".encode() in response.content or "нет доступа".encode() in response.content
    with tenant_context(muni_a):
        assert type(used).objects.filter(pk=used.pk).exists()


def test_the_due_list_export_writes_a_formula_like_name_as_text(muni_a, host_client, methodologist_a):
    from openpyxl import load_workbook

    formula = "-1+cmd|' /C calc'!A0"
    with tenant_context(muni_a):
        TeacherFactory(last_name=formula)
    export = host_client(muni_a, methodologist_a).get("/admin/development/due/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value.startswith(formula)]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
