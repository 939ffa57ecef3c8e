"""The institute's innovation screen: by role, and each municipality's counts from its own register."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context

from tenants.innovation.models import InnovationLevel, InnovationStatus
from tenants.innovation.services import innovation_project_create, innovation_status_change
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS
from tests.tenants.organisations.factories import OrganisationFactory

URL = "/institute/innovation/"
TODAY = datetime.date.today()


@pytest.mark.parametrize("name", [name for name, _role, _place in ROLE_CASES] + ["anonymous"])
def test_the_screen_by_role(name, person, host_client):
    response = host_client(None, person(name)).get(URL)
    if name in WORKSPACE_READERS:
        assert response.status_code == 200
    elif name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, name


def test_counts_per_municipality(muni_a, muni_b, person, host_client):
    def project(level):
        return innovation_project_create(
            title="П",
            organisations=[OrganisationFactory()],
            level=level,
            starts_on=TODAY,
            ends_on=TODAY,
            goals="цели",
            acting_user=None,
        )

    with tenant_context(muni_a):
        innovation_status_change(
            project=project(InnovationLevel.REGIONAL), status=InnovationStatus.ACTIVE, acting_user=None
        )
        innovation_status_change(
            project=project(InnovationLevel.FEDERAL), status=InnovationStatus.STOPPED, reason="отказ", acting_user=None
        )
    html = host_client(None, person("institute")).get(URL).content.decode()
    row_a = html.split(muni_a.name)[1].split("</tr>")[0]
    # proposed, active, completed, stopped | municipal, regional, federal (not stopped)
    assert [c.split("</td>")[0] for c in row_a.split("<td>")[1:]] == ["0", "1", "0", "1", "0", "1", "0"]
    row_b = html.split(muni_b.name)[1].split("</tr>")[0]
    assert [c.split("</td>")[0] for c in row_b.split("<td>")[1:]] == ["0"] * 7
