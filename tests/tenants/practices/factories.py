"""Practices, made for one municipality's schema; organisations and teachers from their own factories."""

from __future__ import annotations

from typing import Any

import factory

from tenants.practices.models import Practice, PracticeLevel
from tenants.practices.services import practice_create
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory


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
