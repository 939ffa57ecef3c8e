"""Factories of the development app; build them inside a municipality's schema."""

from __future__ import annotations

import datetime

import factory

from tenants.development.models import (
    CompetenceArea,
    CourseFormat,
    CourseOffer,
    CourseRecord,
    Deficit,
    LearningRoute,
    RouteStep,
    StepKind,
)
from tests.tenants.people.factories import TeacherFactory


def area(code: str) -> CompetenceArea:
    """One of the default areas the data migration seeded in every municipality."""
    return CompetenceArea.objects.get(code=code)


class CourseRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseRecord
        skip_postgeneration_save = True

    teacher = factory.SubFactory(TeacherFactory)
    provider = "ГАОУ ДПО «ЛОИРО»"
    programme = factory.Sequence(lambda n: f"Программа повышения квалификации № {n}")
    hours = 36
    format = CourseFormat.DISTANCE
    start_date = factory.LazyAttribute(lambda o: o.end_date - datetime.timedelta(days=14))
    end_date = datetime.date(2024, 3, 1)
    document_number = factory.Sequence(lambda n: f"78{n:08d}")


class CourseOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseOffer
        skip_postgeneration_save = True

    provider = "ГАОУ ДПО «ЛОИРО»"
    programme = factory.Sequence(lambda n: f"Предлагаемая программа № {n}")
    hours = 72
    format = CourseFormat.MIXED
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=20))

    @factory.post_generation
    def competence_areas(obj: CourseOffer, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.competence_areas.set(extracted)  # type: ignore[arg-type]


class DeficitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deficit

    teacher = factory.SubFactory(TeacherFactory)
    area = factory.LazyFunction(lambda: area("digital"))
    found_on = datetime.date(2025, 10, 1)


class LearningRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningRoute
        skip_postgeneration_save = True

    teacher = factory.SubFactory(TeacherFactory)
    period_start = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))
    period_end = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=300))


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    route = factory.SubFactory(LearningRouteFactory)
    kind = StepKind.SELF_STUDY
    title = factory.Sequence(lambda n: f"Шаг {n}")
    target_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=100))
