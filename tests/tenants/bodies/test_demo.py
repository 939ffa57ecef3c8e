"""The demo bodies: the Sosnovy Bor structure, nothing without teachers, idempotent."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.academic_years import AcademicYear
from tenants.bodies.demo import demo_seed
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, BodyYear, MemberRole
from tenants.organisations.models import OrganisationKind
from tenants.people.models import StaffKind
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import SubjectFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def test_without_teachers_nothing_is_made(muni_a):
    with tenant_context(muni_a):
        demo_seed(muni_a)
        assert not Body.objects.exists()


def test_demo_bodies_follow_the_regulation_and_seed_once(muni_a, make_user, media_root):
    head = make_user(Role.HEAD, muni_a)
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        school, kindergarten = OrganisationFactory(), OrganisationFactory(kind=OrganisationKind.KINDERGARTEN)
        russian, maths = SubjectFactory(name="Русский язык"), SubjectFactory(name="Математика")
        for subject in (russian, maths):
            for _ in range(3):
                TeacherFactory(organisation=school).subjects.add(subject)
        for _ in range(4):
            TeacherFactory(organisation=kindergarten, position="воспитатель")
        for _ in range(5):
            TeacherFactory(organisation=school, staff_kind=StaffKind.MANAGEMENT, position="заместитель директора")

        demo_seed(muni_a)
        counts = {model: model.objects.count() for model in (Body, BodyMembership, BodyYear, BodyMeeting)}
        demo_seed(muni_a)
        assert {model: model.objects.count() for model in counts} == counts

        year = AcademicYear.current()
        council = Body.objects.get(kind=BodyKind.COUNCIL)
        chair = BodyMembership.objects.get(body=council, academic_year=year.start, role=MemberRole.CHAIR)
        secretary = BodyMembership.objects.get(body=council, academic_year=year.start, role=MemberRole.SECRETARY)
        assert (chair.user, secretary.user) == (head, methodologist)
        assert BodyMembership.objects.filter(body=council, academic_year=year.previous().start).count() == (
            BodyMembership.objects.filter(body=council, academic_year=year.start).count()
        )
        assert BodyYear.objects.get(body=council, academic_year=year.start).is_approved
        meetings = list(council.meetings.order_by("date"))
        assert len(meetings) == 2 and meetings[0].minutes

        associations = Body.objects.filter(kind=BodyKind.CITY_ASSOCIATION)
        assert 4 <= associations.count() <= 6
        by_name = {a.name: a for a in associations}
        assert by_name["ГМО учителей русского языка и литературы"].subject == russian
        assert by_name["ГМО учителей математики"].subject == maths
        preschool = by_name["ГМО воспитателей дошкольных образовательных организаций"]
        assert preschool.category == "воспитатели ДОО"
        assert {m.teacher.organisation for m in preschool.memberships.all()} == {kindergarten}
        for association in associations:
            assert association.memberships.filter(role=MemberRole.LEADER, academic_year=year.start).exists()
            assert BodyYear.objects.get(body=association).plan_items.count() == 5
        maths_members = {m.teacher for m in by_name["ГМО учителей математики"].memberships.all()}
        assert all(maths in teacher.subjects.all() for teacher in maths_members)

        group = Body.objects.get(kind=BodyKind.CREATIVE_GROUP)
        assert group.topic and group.term_start and group.term_end
        assert Body.objects.filter(kind=BodyKind.EXPERT_COUNCIL).count() == 1
        assert Body.objects.filter(kind=BodyKind.COORDINATION_COUNCIL).count() == 1


def test_demo_with_one_teacher_and_no_staff_still_works(muni_a, media_root):
    with tenant_context(muni_a):
        TeacherFactory()
        demo_seed(muni_a)
        council = Body.objects.get(kind=BodyKind.COUNCIL)
        assert council.memberships.filter(role=MemberRole.CHAIR).exists()
        assert Body.objects.filter(kind=BodyKind.CITY_ASSOCIATION).count() == 5
