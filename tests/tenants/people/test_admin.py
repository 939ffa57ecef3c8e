"""Teachers, subjects, methodologists and areas in the Wagtail admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.people.models import Methodologist, QualificationCategory, StaffKind, Subject, Teacher
from tenants.people.services import teacher_delete
from tests.tenants.imports.files import xlsx_bytes, xlsx_rows
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

TEACHERS = "/admin/teachers/"


@pytest.fixture
def client_a(host_client, muni_a, methodologist_a):
    return host_client(muni_a, methodologist_a)


def teacher_form(organisation_id: int, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "last_name": "Иванова",
        "first_name": "Мария",
        "middle_name": "Петровна",
        "organisation": organisation_id,
        "position": "учитель математики",
        "staff_kind": StaffKind.TEACHING,
        "qualification_category": QualificationCategory.FIRST,
        "teaching_since": "2015-09-01",
        "email": "",
        "phone": "",
        "user": "",
    }
    return {**data, **overrides}


def test_list_filters_and_search(client_a, muni_a):
    with tenant_context(muni_a):
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 8»")
        maths = SubjectFactory(name="Математика")
        TeacherFactory(
            last_name="Иванова",
            organisation=lyceum,
            subjects=[maths],
            teaching_since=datetime.date.today() - datetime.timedelta(days=400),
        )
        TeacherFactory(
            last_name="Петрова",
            qualification_category=QualificationCategory.HIGHEST,
            staff_kind=StaffKind.MANAGEMENT,
            teaching_since=datetime.date(1999, 9, 1),
        )
    cases = {
        "": {"Иванова", "Петрова"},
        f"organisation={lyceum.pk}": {"Иванова"},
        f"subject={maths.pk}": {"Иванова"},
        "qualification_category=highest": {"Петрова"},
        "staff_kind=management": {"Петрова"},
        "young=true": {"Иванова"},
        "young=false": {"Петрова"},
        "q=иванова+лицей": {"Иванова"},
    }
    for query, expected in cases.items():
        body = client_a.get(f"{TEACHERS}?{query}").content.decode()
        assert {name for name in ("Иванова", "Петрова") if name in body} == expected, query


def test_create_edit_and_russian_validation(client_a, muni_a, methodologist_a):
    with tenant_context(muni_a):
        organisation = OrganisationFactory()
        maths = SubjectFactory(name="Математика")
    bad = client_a.post(f"{TEACHERS}new/", teacher_form(organisation.pk, email="не-почта", subjects=[maths.pk]))
    assert bad.status_code == 200
    assert "Введите правильный адрес электронной почты." in bad.content.decode()
    created = client_a.post(f"{TEACHERS}new/", teacher_form(organisation.pk, subjects=[maths.pk]))
    assert created.status_code == 302
    with tenant_context(muni_a):
        teacher = Teacher.objects.get()
        assert list(teacher.subjects.all()) == [maths]
    edited = client_a.post(
        f"{TEACHERS}edit/{teacher.pk}/", teacher_form(organisation.pk, position="заместитель директора")
    )
    assert edited.status_code == 302
    with tenant_context(muni_a):
        teacher.refresh_from_db()
        assert teacher.position == "заместитель директора" and not teacher.subjects.exists()
    assert client_a.get(f"{TEACHERS}history/{teacher.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action__in=["teacher.create", "teacher.update"]).count() == 2


def test_account_choices_are_this_municipalitys_people(client_a, make_user, muni_a, muni_b):
    own = make_user(Role.TEACHER, muni_a, email="own.teacher@example.test")
    make_user(Role.TEACHER, muni_b, email="other.teacher@example.test")
    make_user(Role.METHODOLOGIST, muni_b, email="other.methodologist@example.test")
    teacher_page = client_a.get(f"{TEACHERS}new/").content.decode()
    assert own.email in teacher_page or own.last_name in teacher_page
    assert "other.teacher@example.test" not in teacher_page
    methodologist_page = client_a.get("/admin/methodologists/new/").content.decode()
    assert "other.methodologist@example.test" not in methodologist_page
    with tenant_context(muni_a):
        organisation = OrganisationFactory()
    outsider = make_user(Role.TEACHER, muni_b)
    response = client_a.post(f"{TEACHERS}new/", teacher_form(organisation.pk, user=outsider.pk))
    assert response.status_code == 200
    with tenant_context(muni_a):
        assert not Teacher.objects.exists()


def test_methodologists_with_areas_and_one_head(client_a, make_user, muni_a, methodologist_a):
    head = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        from tenants.people.models import ResponsibilityArea

        young_school = ResponsibilityArea.objects.get(name="Школа молодого педагога")
    form = {"user": head.pk, "position": "руководитель", "phone": "", "is_head": "on", "areas": [young_school.pk]}
    assert client_a.post("/admin/methodologists/new/", form).status_code == 302
    second = {"user": methodologist_a.pk, "position": "методист", "phone": "", "is_head": "on"}
    refused = client_a.post("/admin/methodologists/new/", second)
    assert "Руководитель службы уже назначен" in refused.content.decode()
    with tenant_context(muni_a):
        assert [(m.user_id, m.is_head) for m in Methodologist.objects.all()] == [(head.pk, True)]
        assert list(Methodologist.objects.get().areas.all()) == [young_school]
    listing = client_a.get("/admin/methodologists/").content.decode()
    assert "Школа молодого педагога" in listing


def test_default_areas_and_subjects(client_a, muni_a):
    areas = client_a.get("/admin/responsibility_areas/").content.decode()
    for name in ("Инновационная деятельность", "Работа с одарёнными детьми", "Сопровождение детей с ОВЗ"):
        assert name in areas
    assert client_a.post("/admin/subjects/new/", {"name": "Астрономия"}).status_code == 302
    with tenant_context(muni_a):
        assert Subject.objects.filter(name="Астрономия").exists()


def test_import_preview_and_confirm(client_a, muni_a):
    with tenant_context(muni_a):
        OrganisationFactory(short_name="МБОУ «СОШ № 1»")
    data = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Организация", "Должность", "Предметы"],
            ["Иванова", "Мария", "МБОУ «СОШ № 1»", "учитель", "Математика"],
            ["Петрова", "Анна", "МБОУ «СОШ № 99»", "учитель", ""],
        ]
    )
    preview_url = client_a.post(f"{TEACHERS}import/", {"file": SimpleUploadedFile("п.xlsx", data)})["Location"]
    preview = client_a.get(preview_url).content.decode()
    assert "Организация «МБОУ «СОШ № 99»» не найдена в реестре" in preview
    assert "data-import-confirm" not in preview
    fixed = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Организация", "Должность", "Предметы"],
            ["Иванова", "Мария", "МБОУ «СОШ № 1»", "учитель", "Математика"],
        ]
    )
    preview_url = client_a.post(f"{TEACHERS}import/", {"file": SimpleUploadedFile("п.xlsx", fixed)})["Location"]
    preview = client_a.get(preview_url).content.decode()
    assert "В справочник предметов будут добавлены: «Математика»." in preview
    assert "Иванова Мария — МБОУ «СОШ № 1»" in preview
    done = client_a.post(preview_url, follow=True).content.decode()
    assert "Импорт выполнен: добавлено 1" in done
    with tenant_context(muni_a):
        assert Teacher.objects.get().subjects.get().name == "Математика"


def test_export_applies_the_filters(client_a, muni_a):
    with tenant_context(muni_a):
        TeacherFactory(last_name="Иванова", teaching_since=datetime.date.today() - datetime.timedelta(days=30))
        TeacherFactory(last_name="Петрова", teaching_since=datetime.date(2001, 9, 1))
    everyone = xlsx_rows(client_a.get(TEACHERS, {"export": "xlsx"}).content)
    young = xlsx_rows(client_a.get(TEACHERS, {"export": "xlsx", "young": "true"}).content)
    assert everyone[0][:4] == ("Фамилия", "Имя", "Отчество", "Организация")
    assert [row[0] for row in everyone[1:]] == ["Иванова", "Петрова"]
    assert [row[0] for row in young[1:]] == ["Иванова"]
    template = xlsx_rows(client_a.get(f"{TEACHERS}import/template/").content)
    assert template[0] == everyone[0]


def test_the_teacher_edit_page_links_to_the_growth_card(client_a, host_client, make_user, muni_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
    card = f"/admin/development/due/teacher/{teacher.pk}/"
    assert card in client_a.get(f"{TEACHERS}edit/{teacher.pk}/").content.decode()
    # The link follows the right to see teachers' growth, not merely to edit the teacher.
    chair = host_client(muni_a, make_user(Role.CHAIR, muni_a))
    page = chair.get(f"{TEACHERS}edit/{teacher.pk}/")
    assert page.status_code in (302, 403) or card not in page.content.decode()


def test_teachers_added_by_hand_or_by_import_reach_the_regions_counts(client_a, muni_a):
    """The development and mentoring apps count teachers: each audited write tells them."""
    from rollups.models import MunicipalityYearRollup
    from tenants.academic_years import AcademicYear

    def counts() -> tuple[int, int]:
        row = MunicipalityYearRollup.objects.filter(municipality=muni_a, academic_year=AcademicYear.current().label)
        return row.values_list("teachers_total", "young_teachers").first() or (0, 0)

    with tenant_context(muni_a):
        organisation = OrganisationFactory()
        before_total = Teacher.objects.count()
        young_since = datetime.date.today().replace(day=1) - datetime.timedelta(days=60)
    response = client_a.post(f"{TEACHERS}new/", teacher_form(organisation.pk, teaching_since=young_since.isoformat()))
    assert response.status_code == 302
    total, young = counts()
    assert total == before_total + 1 and young >= 1
    with tenant_context(muni_a):
        teacher = Teacher.objects.get(last_name="Иванова")
        teacher_delete(teacher=teacher, acting_user=None)
    assert counts() == (before_total, young - 1)
