"""The public pages of the city methodological associations (ГМО), built from the bodies' data."""

from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.bodies.models import BodyKind, BodyPlanItem, BodyYear, MemberRole
from tests.tenants.bodies.factories import BodyFactory, MembershipFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory
from tests.tenants.resources.factories import ResourceFactory


def _association(municipality, name="ГМО учителей математики"):
    year = AcademicYear.current()
    with tenant_context(municipality):
        subject = SubjectFactory(name="Математика")
        body = BodyFactory(name=name, subject=subject, topic="Функциональная грамотность")
        leader = TeacherFactory(last_name="Смирнова", first_name="Ольга", middle_name="Петровна")
        MembershipFactory(body=body, teacher=leader, role=MemberRole.LEADER, academic_year=year.start)
        for _ in range(3):
            MembershipFactory(body=body, academic_year=year.start)
        MembershipFactory(body=body, academic_year=year.previous().start)  # last year's: not counted
        BodyFactory(name="Методический совет", kind=BodyKind.COUNCIL, subject=None)
        body_year = BodyYear.objects.create(body=body, academic_year=year.start)
        BodyPlanItem.objects.create(body_year=body_year, month=10, topic="Разбор заданий ВПР", form_of_work="Семинар")
        ResourceFactory(title="Сборник задач по финансовой грамотности", subject=subject, is_public=True)
        ResourceFactory(title="Внутренняя справка", subject=subject, is_public=False)
    return body


def test_the_list_shows_each_gmo_with_its_leader_and_members(muni_a, host_client):
    body = _association(muni_a)
    html = host_client(muni_a).get("/metodicheskie-obedineniya/").content.decode()
    assert f'href="/metodicheskie-obedineniya/{body.pk}/">ГМО учителей математики</a>' in html
    assert "Смирнова Ольга Петровна" in html
    assert "<dt>Участников</dt><dd>4</dd>" in html
    assert "Методический совет" not in html  # councils are not associations


def test_a_gmo_page_has_its_plan_and_public_materials_only(muni_a, host_client):
    body = _association(muni_a)
    response = host_client(muni_a).get(f"/metodicheskie-obedineniya/{body.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Разбор заданий ВПР" in html and "Семинар" in html and "октябрь" in html
    assert "Сборник задач по финансовой грамотности" in html
    assert "Внутренняя справка" not in html
    # Only the leader is named: the members are personal data.
    with tenant_context(muni_a):
        members = [m.person_name for m in body.memberships.exclude(role=MemberRole.LEADER)]
    assert not any(name in html for name in members)


def test_another_municipalitys_gmo_is_not_found(muni_a, muni_b, host_client):
    body = _association(muni_a)
    assert host_client(muni_b).get(f"/metodicheskie-obedineniya/{body.pk}/").status_code == 404
    assert "ГМО учителей математики" not in host_client(muni_b).get("/metodicheskie-obedineniya/").content.decode()
