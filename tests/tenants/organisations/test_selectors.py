"""Reads of organisations: filters, search, current site statuses, lookup by INN or name."""

from __future__ import annotations

import datetime

from django_tenants.utils import tenant_context

from tenants.organisations.models import OrganisationKind, SiteKind
from tenants.organisations.selectors import organisation_list, organisation_lookup, site_status_current_list
from tests.tenants.organisations.factories import OrganisationFactory, OrganisationSiteStatusFactory


def test_filters_and_search(muni_a):
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="МБОУ «Лицей № 8»", head_name="Николаев Дмитрий")
        kindergarten = OrganisationFactory(
            short_name="МБДОУ «Детский сад № 7»", kind=OrganisationKind.KINDERGARTEN, is_active=False
        )
        OrganisationSiteStatusFactory(organisation=school, kind=SiteKind.INTERNSHIP)
        OrganisationSiteStatusFactory(
            organisation=kindergarten, kind=SiteKind.INTERNSHIP, valid_to=datetime.date(2024, 12, 31)
        )
        assert list(organisation_list(kind=OrganisationKind.KINDERGARTEN)) == [kindergarten]
        assert list(organisation_list(is_active=True)) == [school]
        assert list(organisation_list(site_kind=SiteKind.INTERNSHIP)) == [school]
        assert list(organisation_list(search="лицей николаев")) == [school]
        assert list(organisation_list(search=school.inn)) == [school]
        assert list(site_status_current_list(on=datetime.date(2024, 10, 1))) == [
            *kindergarten.site_statuses.all(),
            *school.site_statuses.all(),
        ]


def test_lookup_by_inn_or_name(muni_a):
    with tenant_context(muni_a):
        one = OrganisationFactory(short_name="МБОУ «СОШ № 1»")
        OrganisationFactory(short_name="МБОУ «СОШ № 2»", full_name="Школа два")
        OrganisationFactory(short_name="Школа два", full_name="Другая школа")
        lookup = organisation_lookup()
        assert lookup.find(one.inn) == (one, 1)
        assert lookup.find("мбоу «сош № 1»") == (one, 1)
        assert lookup.find('МБОУ "СОШ № 1"') == (one, 1)
        assert lookup.find("Школа два") == (None, 2)
        assert lookup.find("Нет такой") == (None, 0)
