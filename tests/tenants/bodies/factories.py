"""Factories for the bodies' tests. Use them inside ``tenant_context(municipality)``.

Organisations and teachers belong to another app; they are made here directly with the ORM,
only as far as the bodies need them.
"""

from __future__ import annotations

import itertools

import factory

from tenants.academic_years import AcademicYear
from tenants.bodies.models import Body, BodyKind, BodyMeeting, BodyMembership, MemberRole
from tenants.organisations.inn import WEIGHTS_10
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Subject, Teacher

_inn_numbers = itertools.count(783000001)


def valid_inn(nine_digits: int | None = None) -> str:
    """A ten-digit legal entity INN that passes the checksum (``tenants.organisations.inn``)."""
    head = f"{nine_digits if nine_digits is not None else next(_inn_numbers):09d}"[-9:]
    check = sum(w * int(d) for w, d in zip(WEIGHTS_10, head, strict=True)) % 11 % 10
    return f"{head}{check}"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    short_name = factory.Sequence(lambda n: f"МБОУ «СОШ № {n + 1}»")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное бюджетное общеобразовательное учреждение {o.short_name}"
    )
    inn = factory.LazyFunction(valid_inn)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Предмет {n}")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    middle_name = factory.Faker("middle_name", locale="ru_RU")
    position = "учитель"
    organisation = factory.SubFactory(OrganisationFactory)


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
