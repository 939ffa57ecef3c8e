"""Course offers taking applications, and applications, inside a municipality's schema."""

from __future__ import annotations

import datetime
from typing import Any

from wagtail.models import Site

from tenants.courses.models import CourseOffersPage
from tenants.development.models import CourseFormat, CourseOffer, CourseProviderKind
from tenants.development.services import course_offer_create
from tests.tenants.development.factories import area

TODAY = datetime.date.today


def offer_with_quota(**fields: Any) -> CourseOffer:
    start = fields.pop("start_date", TODAY() + datetime.timedelta(days=30))
    details: dict[str, Any] = {
        "provider": "ГАОУ ДПО «ЛОИРО»",
        "provider_kind": CourseProviderKind.INSTITUTE,
        "programme": "Функциональная грамотность: практикум",
        "hours": 36,
        "format": CourseFormat.MIXED,
        "start_date": start,
        "end_date": start + datetime.timedelta(days=10),
        "competence_areas": [area("functional-literacy")],
        "quota": 2,
        "audience": "Учителя начальных классов",
        **fields,
    }
    return course_offer_create(acting_user=None, **details)


def offers_page() -> CourseOffersPage:
    page = CourseOffersPage.objects.live().first()
    if page is None:
        home = Site.objects.get(is_default_site=True).root_page
        page = CourseOffersPage(title="Курсы повышения квалификации", slug="kursy")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page
