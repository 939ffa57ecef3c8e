"""The region's views of the banks: the portal's public banks, the institute's screens by role
(institute and committee read, the institute alone writes, a municipality's staff get nothing),
the practice's read logged, and the council's decision through the screen."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context

from institute.models import AccessLogEntry
from regional_banks.models import InternshipProposal, InternshipSiteEntry, NominationStatus, PracticeNomination
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS
from tests.regional_banks.test_practice_bank import recommended
from tests.tenants.internships.factories import internship, site

TODAY = datetime.date.today()
SCREENS = ["/institute/internships/", "/institute/practices/"]


@pytest.mark.parametrize("name", [name for name, _role, _place in ROLE_CASES] + ["anonymous"])
def test_the_institute_screens_by_role(name, person, host_client):
    client = host_client(None, person(name))
    for url in SCREENS:
        response = client.get(url)
        if name in WORKSPACE_READERS:
            assert response.status_code == 200, url
        elif name == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (name, url)
    propose = client.get("/institute/internships/propose/")
    assert propose.status_code == (200 if name == "institute" else 302 if name == "anonymous" else 403)


def test_the_institute_sees_every_site_the_portal_only_public_ones(muni_a, muni_b, person, host_client):
    with tenant_context(muni_a):
        internship(on_site=site(topic="Открытая площадка А"), title="Программа А")
    with tenant_context(muni_b):
        site(is_public=False, topic="Закрытая площадка Б")
    institute = host_client(None, person("institute")).get("/institute/internships/").content.decode()
    assert "Открытая площадка А" in institute and "Закрытая площадка Б" in institute
    portal = host_client(None).get("/internships/").content.decode()
    assert "Открытая площадка А" in portal and "Программа А" in portal and "Закрытая площадка Б" not in portal
    only_b = host_client(None).get("/internships/", {"municipality": muni_b.pk}).content.decode()
    assert "Открытая площадка А" not in only_b


def test_the_institute_proposes_through_the_screen(muni_a, person, host_client):
    with tenant_context(muni_a):
        card = site()
    entry = InternshipSiteEntry.objects.get(site_id=card.pk, municipality=muni_a)
    data = {
        "site": entry.pk, "title": "Региональная программа", "hours": 16, "capacity": 8,
        "starts_on": TODAY + datetime.timedelta(days=30), "ends_on": TODAY + datetime.timedelta(days=31),
    }  # fmt: skip
    assert host_client(None, person("committee")).post("/institute/internships/propose/", data).status_code == 403
    response = host_client(None, person("institute")).post("/institute/internships/propose/", data)
    assert response.status_code == 302
    assert InternshipProposal.objects.get().municipality == muni_a


def test_the_council_decides_on_the_screen_and_the_read_is_logged(muni_a, person, host_client):
    from tenants.practices.regional import practice_nominate

    with tenant_context(muni_a):
        nomination = practice_nominate(practice=recommended("Практика на совет"), acting_user=None)
    url = f"/institute/practices/{nomination.pk}/"
    committee = host_client(None, person("committee"))
    assert "Авторова" in committee.get(url).content.decode()
    assert AccessLogEntry.objects.filter(municipality=muni_a, section="practices", personal_data=True).exists()
    decision = {"decision": "accept", "decided_on": TODAY.isoformat(), "protocol_number": "12"}
    assert committee.post(url, decision).status_code == 403
    assert host_client(None, person("methodologist_a")).post(url, decision).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PENDING
    assert host_client(None, person("institute")).post(url, decision).status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.protocol_number) == (NominationStatus.ACCEPTED, "12")
    assert "Практика на совет" in host_client(None).get("/practices/").content.decode()
    assert PracticeNomination.objects.count() == 1
