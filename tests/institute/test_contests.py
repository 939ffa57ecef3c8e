"""The institute's contests screen: by role, numbers equal to the municipalities' own data, no names."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.contests.models import ApplicationStatus, Level, Result
from tenants.contests.services import contest_results_publish, stage_result_set
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS
from tests.tenants.contests.factories import applicant, contest, score_all

URL = "/institute/contests/"


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
        made = contest(criteria=(10,), jurors=1)
        winner, prize, third = applicant(made, "Секретова"), applicant(made, "Тайнова"), applicant(made, "Третья")
        applicant(made, "Ждущая", status=ApplicationStatus.SUBMITTED)
        score_all(made, {winner: [9], prize: [8], third: [2]})
        contest_results_publish(contest=made, acting_user=None)
        stage_result_set(application=winner, level=Level.REGIONAL, result=Result.WINNER, acting_user=None)
    with tenant_context(muni_b):
        applicant(contest(criteria=(10,), jurors=1), "Бэшкина")
    html = host_client(None, person("institute")).get(URL).content.decode()
    for name in ("Секретова", "Тайнова", "Бэшкина", "Жюриева"):
        assert name not in html
    row_a = html.split(muni_a.name)[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row_a.split("<td>")[1:]] == [
        "3", "1", "2", "1", "1", "1", "0", "0", "0", "0",
    ]  # fmt: skip
    row_b = html.split(muni_b.name)[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row_b.split("<td>")[1:5]] == ["1", "0", "0", "0"]
