"""Each role against each screen of the workspace and of the agreements, for each municipality.

Region screens: institute staff and the committee read; everyone else is refused (anonymous
visitors are sent to sign in). Municipal admin screens: only that municipality's own staff; a
municipality's staff never reach another's agreement — the same 404 as for a missing one.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement
from agreements.services import agreement_create, agreement_scan_attach, agreement_send
from institute.models import AccessLogEntry
from tests.institute.conftest import ROLE_CASES, WORKSPACE_READERS

EVERYONE = [name for name, _role, _place in ROLE_CASES] + ["anonymous"]
MUNICIPAL_STAFF = {"a": {"head_a", "methodologist_a", "chair_a"}, "b": {"head_b", "methodologist_b", "chair_b"}}


@pytest.fixture
def agreements(muni_a, muni_b, institute_user, agreement_fields) -> Any:
    """A sent agreement with a scan for each municipality; files removed afterwards."""
    made: dict[str, Agreement] = {}
    for key, municipality in (("a", muni_a), ("b", muni_b)):
        fields = {**agreement_fields, "number": f"ТС-{key}"}
        agreement = agreement_create(municipality=municipality, acting_user=institute_user, **fields)
        agreement = agreement_send(agreement=agreement, acting_user=institute_user)
        scan = SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        made[key] = agreement_scan_attach(agreement=agreement, file=scan, acting_user=institute_user)
    yield made
    for agreement in made.values():
        agreement.scan.delete(save=False)


def region_paths(muni_a, muni_b, agreements) -> list[str]:
    paths = ["/institute/", "/institute/export.xlsx", "/institute/access-log/", "/agreements/"]
    paths += ["/institute/development/", "/institute/development/export.xlsx"]
    for municipality in (muni_a, muni_b):
        base = f"/institute/m/{municipality.slug}/"
        paths += [base, base + "plan/", base + "events/", base + "documents/"]
    for agreement in agreements.values():
        paths += [f"/agreements/{agreement.pk}/", f"/agreements/{agreement.pk}/agreement.docx"]
        paths += [f"/agreements/{agreement.pk}/scan/"]
    return paths


@pytest.mark.parametrize("name", EVERYONE)
def test_region_screens_answer_only_the_institute_and_the_committee(
    name, person, host_client, muni_a, muni_b, agreements
):
    client = host_client(None, person(name))
    for path in region_paths(muni_a, muni_b, agreements):
        response = client.get(path)
        if name in WORKSPACE_READERS:
            assert response.status_code == 200, path
        elif name == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        else:
            assert response.status_code == 403, (name, path)


def test_region_screens_are_not_served_on_a_municipality_host(institute_user, host_client, muni_a, agreements):
    client = host_client(muni_a, institute_user)
    region_screens = ("/institute/", "/institute/development/", f"/institute/m/{muni_a.slug}/")
    for path in (*region_screens, f"/agreements/{agreements['a'].pk}/"):
        assert client.get(path).status_code == 404, path


def admin_paths(agreement: Agreement) -> list[str]:
    return [
        "/admin/agreements/",
        f"/admin/agreements/{agreement.pk}/",
        f"/admin/agreements/{agreement.pk}/agreement.docx",
        f"/admin/agreements/{agreement.pk}/scan/",
        "/admin/plan-comments/",
    ]


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("place", ["a", "b"])
def test_municipal_admin_screens_answer_only_that_municipality_staff(
    name, place, person, host_client, muni_a, muni_b, agreements
):
    municipality = {"a": muni_a, "b": muni_b}[place]
    client = host_client(municipality, person(name))
    for path in admin_paths(agreements[place]):
        response = client.get(path)
        if name in MUNICIPAL_STAFF[place]:
            assert response.status_code == 200, (name, path)
        elif name in WORKSPACE_READERS:
            # They reach the admin as observers, but the region's objects are read on the region host:
            # Wagtail answers the refusal by sending them back to the dashboard.
            assert response.status_code == 302 and response["Location"] == "/admin/", (name, path)
        else:
            # No admin access in this municipality at all: sent to sign in.
            assert response.status_code == 302 and "login" in response["Location"], (name, path)


@pytest.mark.parametrize("name", ["head_a", "methodologist_a", "chair_a"])
def test_another_municipality_agreement_is_missing_in_the_admin(name, person, host_client, muni_a, agreements):
    client = host_client(muni_a, person(name))
    other = agreements["b"]
    for path in admin_paths(other)[1:4]:
        assert client.get(path).status_code == 404, path
    assert client.get("/admin/agreements/99999999/").status_code == 404
    listing = client.get("/admin/agreements/").content.decode()
    assert "ТС-a" in listing and "ТС-b" not in listing


def test_a_head_cannot_sign_another_municipality_agreement(person, host_client, muni_a, agreements):
    client = host_client(muni_a, person("head_a"))
    assert client.post(f"/admin/agreements/{agreements['b'].pk}/sign/").status_code == 404
    assert not agreements["b"].signatures.exists()


def test_drill_down_reads_are_logged(institute_user, host_client, muni_a):
    client = host_client(None, institute_user)
    for section in ("", "plan/", "events/", "documents/"):
        assert client.get(f"/institute/m/{muni_a.slug}/{section}").status_code == 200
    entries = list(AccessLogEntry.objects.filter(user=institute_user).order_by("created_at", "pk"))
    assert [e.section for e in entries] == ["overview", "plan", "events", "documents"]
    assert all(e.municipality == muni_a and e.user_email == institute_user.email for e in entries)
    assert client.get("/institute/").status_code == 200  # the dashboard shows no names: not logged
    assert AccessLogEntry.objects.filter(user=institute_user).count() == 4


def test_an_archived_or_unknown_municipality_is_missing(institute_user, host_client):
    assert host_client(None, institute_user).get("/institute/m/no-such-place/").status_code == 404
