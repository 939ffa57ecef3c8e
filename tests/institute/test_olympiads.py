"""The institute's olympiad screen: by role, numbers equal to the municipalities' own data, no names."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenants.olympiads.models import ParticipantStatus, Stage, Subject
from tenants.olympiads.services import school_count_set
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS
from tests.tenants.olympiads.factories import municipal_round, pupil
from tests.tenants.organisations.factories import OrganisationFactory

URL = "/institute/olympiads/"


@pytest.mark.parametrize("name", [name for name, _role, _place in ROLE_CASES] + ["anonymous"])
def test_the_screen_by_role(name, person, host_client):
    response = host_client(None, person(name)).get(URL)
    if name in WORKSPACE_READERS:
        assert response.status_code == 200
    elif name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, name


def test_the_screen_counts_each_municipality_apart_and_names_nobody(muni_a, muni_b, person, host_client):
    with tenant_context(muni_a):
        school = municipal_round(stage=Stage.SCHOOL)
        school_count_set(round_=school, organisation=OrganisationFactory(), grade=8, participants=47, acting_user=None)
        municipal = municipal_round(passing={9: Decimal(50)})
        pupil(municipal, "Секретова", score="90", status=ParticipantStatus.WINNER)
        pupil(municipal, "Тайнов", score="70", status=ParticipantStatus.PRIZE_WINNER)
        pupil(municipal, "Третий", score="10")
    with tenant_context(muni_b):
        pupil(municipal_round(subject=Subject.CHEMISTRY), "Химик", score="10")
    client = host_client(None, person("institute"))
    html = client.get(URL).content.decode()
    assert "Секретова" not in html and "Тайнов" not in html and "Химик" not in html
    row_a = html.split(muni_a.name)[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row_a.split("<td>")[1:]] == [
        "47",
        "3",
        "1",
        "1",
        "2",
        "0",
        "0",
        "0",
        "0",
    ]
    row_b = html.split(muni_b.name)[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row_b.split("<td>")[1:6]] == ["0", "1", "0", "0", "0"]
    assert "Химия" in html and "Математика" in html
    only_chemistry = client.get(URL, {"subject": Subject.CHEMISTRY}).content.decode()
    assert "Математика</th>" not in only_chemistry and "Химия</th>" in only_chemistry
