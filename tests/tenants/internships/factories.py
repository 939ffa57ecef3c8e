"""Internship data for tests; build inside a municipality's schema (``tenant_context``)."""

from __future__ import annotations

import datetime

from tenants.internships.models import Internship, InternshipSite
from tenants.internships.services import internship_create, internship_programme_create, internship_site_create
from tests.tenants.organisations.factories import OrganisationSiteStatusFactory

TODAY = datetime.date.today()


def site(
    *, is_public: bool = True, valid_to: datetime.date | None = None, topic: str = "Формирующее оценивание"
) -> InternshipSite:
    status = OrganisationSiteStatusFactory(
        topic=topic, valid_to=valid_to, valid_from=TODAY - datetime.timedelta(days=400)
    )
    return internship_site_create(
        site_status=status, acting_user=None, is_public=is_public, description="Открытые уроки"
    )


def internship(
    *,
    on_site: InternshipSite | None = None,
    capacity: int = 2,
    starts_in: int = 10,
    days: int = 3,
    title: str = "Критериальное оценивание на уроке",
    hours: int = 24,
) -> Internship:
    programme = internship_programme_create(
        site=on_site or site(), title=title, hours=hours, capacity=capacity, topics="Критерии\nОбратная связь",
        acting_user=None,
    )  # fmt: skip
    starts = TODAY + datetime.timedelta(days=starts_in)
    return internship_create(
        programme=programme, starts_on=starts, ends_on=starts + datetime.timedelta(days=days - 1), acting_user=None
    )
