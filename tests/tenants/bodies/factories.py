"""Factories for the bodies' tests. Use them inside ``tenant_context(municipality)``.

Subjects and teachers (with their organisations) come from the people's factories.
"""

from __future__ import annotations

import factory

from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, MemberRole
from tests.tenants.people.factories import SubjectFactory, TeacherFactory


class BodyFactory(factory.django.DjangoModelFactory):
    """A ГМО by default (its subject set); other kinds: pass ``kind`` and what that kind needs."""

    class Meta:
        model = Body

    kind = BodyKind.CITY_ASSOCIATION
    name = factory.Sequence(lambda n: f"ГМО учителей № {n + 1}")
    subject = factory.SubFactory(SubjectFactory)
    since_year = factory.LazyFunction(lambda: AcademicYear.current().previous().start)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    body = factory.SubFactory(BodyFactory)
    academic_year = factory.LazyFunction(lambda: AcademicYear.current().start)
    role = MemberRole.MEMBER
    teacher = factory.SubFactory(TeacherFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMeeting

    body = factory.SubFactory(BodyFactory)
    date = factory.LazyFunction(lambda: AcademicYear.current().first_day)
    agenda = "1. Утверждение плана работы на учебный год."
