"""Factories for organisations; build them inside a municipality's schema (``tenant_context``)."""

from __future__ import annotations

import datetime

import factory

from tenants.organisations.inn import inn_complete
from tenants.organisations.models import Organisation, OrganisationKind, OrganisationSiteStatus, SiteKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.SCHOOL
    short_name = factory.Sequence(lambda n: f"МБОУ «СОШ № {n + 1}»")
    full_name = factory.LazyAttribute(
        lambda o: f"Муниципальное бюджетное общеобразовательное учреждение «{o.short_name}»"
    )
    inn = factory.Sequence(lambda n: inn_complete(f"4714{n:05d}"))
    address = "188540, Ленинградская обл., г. Сосновый Бор"
    head_name = "Иванова Мария Петровна"


class OrganisationSiteStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationSiteStatus

    organisation = factory.SubFactory(OrganisationFactory)
    kind = SiteKind.INTERNSHIP
    topic = "Формирующее оценивание"
    valid_from = datetime.date(2024, 9, 1)
    valid_to = None
    order_number = "123-о"
    order_date = datetime.date(2024, 8, 25)
