"""Practices, and the organisations and teachers they need, made for one municipality's schema."""

from __future__ import annotations

from typing import Any

import factory

from tenants.organisations.inn import WEIGHTS_10
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Teacher
from tenants.practices.models import Practice, PracticeLevel
from tenants.practices.services import practice_create


def inn_with_check_digit(first_nine: str) -> str:
    digits = [int(c) for c in first_nine]
    return first_nine + str(sum(w * d for w, d in zip(WEIGHTS_10, digits, strict=True)) % 11 % 10)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.SCHOOL
    full_name = factory.Sequence(lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"МБОУ «Школа № {n}»")
    inn = factory.Sequence(lambda n: inn_with_check_digit(f"47{n:07d}"))


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    middle_name = factory.Faker("middle_name", locale="ru_RU")
    position = "учитель"
    organisation = factory.SubFactory(OrganisationFactory)


class PracticeFactory(factory.django.DjangoModelFactory):
    """Through the service: a proposed practice with one author of its organisation."""

    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Практика {n}: проектная деятельность на уроках")
    organisation = factory.SubFactory(OrganisationFactory)
    level = PracticeLevel.SCHOOL
    description = "Описание практики: цели, содержание, результаты."

    @classmethod
    def _create(cls, model_class: type[Practice], *args: Any, **kwargs: Any) -> Practice:
        kwargs.setdefault("authors", [TeacherFactory(organisation=kwargs["organisation"])])
        return practice_create(acting_user=kwargs.pop("acting_user", None), **kwargs)
