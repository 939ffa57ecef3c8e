"""Factories for teachers and the service's staff; build them inside a municipality's schema."""

from __future__ import annotations

import datetime

import factory

from tenants.people.models import Methodologist, ResponsibilityArea, Subject, Teacher
from tests.tenants.organisations.factories import OrganisationFactory


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Предмет {n}")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher
        skip_postgeneration_save = True

    last_name = factory.Faker("last_name_female", locale="ru_RU")
    first_name = factory.Faker("first_name_female", locale="ru_RU")
    middle_name = factory.Faker("middle_name_female", locale="ru_RU")
    position = "учитель"
    organisation = factory.SubFactory(OrganisationFactory)
    teaching_since = datetime.date(2010, 9, 1)

    @factory.post_generation
    def subjects(obj: Teacher, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.subjects.set(extracted)  # type: ignore[arg-type]


class ResponsibilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Направление {n}")


class MethodologistFactory(factory.django.DjangoModelFactory):
    """Needs ``user``: an account with a methodologist's or head's role in the municipality."""

    class Meta:
        model = Methodologist
        skip_postgeneration_save = True

    position = "методист"
