"""Fixtures of the leaders' workspace: a municipality A with two associations, one led by the
leader under test, a school with a coordinator, and the people around them."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants.academic_years import AcademicYear
from tenants.bodies.models import BodyKind, BodyYear, MemberRole
from tenants.bodies.services import association_leader_appoint
from tenants.organisations.services import school_coordinator_appoint
from tests.tenants.bodies.conftest import media_root, pdf_bytes  # noqa: F401 (fixture)
from tests.tenants.bodies.factories import BodyFactory, MeetingFactory, MembershipFactory
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory

YEAR = AcademicYear.current()
OTHER_SECRET = "Чужое-ГМО-секрет"


@pytest.fixture
def world(muni_a, make_user, media_root):  # noqa: F811
    head = make_user(Role.HEAD, muni_a)
    methodologist = make_user(Role.METHODOLOGIST, muni_a)
    with tenant_context(muni_a):
        own = BodyFactory(name="ГМО учителей истории", since_year=YEAR.previous().start)
        other = BodyFactory(name=OTHER_SECRET, since_year=YEAR.previous().start)
        school, other_school = OrganisationFactory(short_name="Школа № 1"), OrganisationFactory(short_name="Школа № 2")
        own_teacher = TeacherFactory(organisation=school, last_name="Своя")
        stranger = TeacherFactory(organisation=other_school, last_name="Чужакова")
        MembershipFactory(body=own, academic_year=YEAR.start, role=MemberRole.LEADER, teacher=own_teacher)
        other_year = BodyYear.objects.create(body=other, academic_year=YEAR.start, plan_text=OTHER_SECRET)
        other_year.plan_file.save("other-plan.pdf", ContentFile(pdf_bytes(OTHER_SECRET)))
        other_meeting = MeetingFactory(
            body=other, date=YEAR.first_day + datetime.timedelta(days=30), agenda=OTHER_SECRET
        )
        other_meeting.minutes.save("other-minutes.pdf", ContentFile(pdf_bytes(OTHER_SECRET)))
        shmo = BodyFactory(
            kind=BodyKind.SCHOOL_ASSOCIATION, organisation=school, subject=None, name="ШМО гуманитариев",
            since_year=YEAR.previous().start,
        )  # fmt: skip
        leader = association_leader_appoint(
            municipality=muni_a, body=own, email="leader@example.test", acting_user=head
        ).user
        coordinator = school_coordinator_appoint(
            municipality=muni_a, organisation=school, email="coord@example.test", acting_user=head
        ).user
    return {
        "head": head,
        "methodologist": methodologist,
        "leader": User.objects.get(pk=leader.pk),
        "coordinator": User.objects.get(pk=coordinator.pk),
        "own": own,
        "other": other,
        "other_year": other_year,
        "other_meeting": other_meeting,
        "school": school,
        "other_school": other_school,
        "own_teacher": own_teacher,
        "stranger": stranger,
        "shmo": shmo,
    }
