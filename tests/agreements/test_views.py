"""Agreements through the screens: the institute drafts and sends on the region host, the
committee and the institute sign there, the head signs in the municipality's admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, AgreementStatus, Party
from audit.models import AuditEntry


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(muni, fields):
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
    return {**data, "municipality": muni.pk}


def test_the_whole_life_through_the_screens(
    muni_a, institute_user, committee_user, head_a, host_client, agreement_fields
):
    institute = host_client(None, institute_user)
    response = institute.post("/agreements/new/", form_data(muni_a, agreement_fields))
    assert response.status_code == 302
    agreement = Agreement.objects.get(number=agreement_fields["number"])
    assert agreement.status == AgreementStatus.DRAFT and agreement.created_by == institute_user

    # Drafts are the institute's: the municipality does not see them yet.
    assert "ТС-2025/01" not in host_client(muni_a, head_a).get("/admin/agreements/").content.decode()

    institute.post(f"/agreements/{agreement.pk}/send/")
    committee = host_client(None, committee_user)
    page = committee.get(f"/agreements/{agreement.pk}/").content.decode()
    assert 'value="committee"' in page and 'value="institute"' not in page
    committee.post(f"/agreements/{agreement.pk}/sign/", {"party": Party.COMMITTEE})
    # The committee cannot sign for the institute, even by posting it.
    committee.post(f"/agreements/{agreement.pk}/sign/", {"party": Party.INSTITUTE})
    assert set(agreement.signatures.values_list("party", flat=True)) == {Party.COMMITTEE}
    institute.post(f"/agreements/{agreement.pk}/sign/", {"party": Party.INSTITUTE})

    head = host_client(muni_a, head_a)
    assert "Подписать за муниципалитет" in head.get(f"/admin/agreements/{agreement.pk}/").content.decode()
    head.post(f"/admin/agreements/{agreement.pk}/sign/")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE  # the term runs to 2028
    assert AuditEntry.objects.filter(action="agreement.sign", municipality=muni_a).count() == 3


def test_the_committee_cannot_draft_send_or_upload(
    muni_a, committee_user, institute_user, host_client, agreement_fields
):
    committee = host_client(None, committee_user)
    assert committee.get("/agreements/new/").status_code == 403
    assert committee.post("/agreements/new/", form_data(muni_a, agreement_fields)).status_code == 403
    from agreements.services import agreement_create

    agreement = agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields)
    assert committee.post(f"/agreements/{agreement.pk}/send/").status_code == 403
    assert committee.post(f"/agreements/{agreement.pk}/delete/").status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_methodologist_reads_but_cannot_sign(muni_a, person, institute_user, host_client, agreement_fields):
    from agreements.services import agreement_create, agreement_send

    agreement = agreement_send(
        agreement=agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields),
        acting_user=institute_user,
    )
    client = host_client(muni_a, person("methodologist_a"))
    page = client.get(f"/admin/agreements/{agreement.pk}/").content.decode()
    assert agreement.number in page and "Подписать за муниципалитет" not in page
    client.post(f"/admin/agreements/{agreement.pk}/sign/")
    assert not agreement.signatures.exists()


def test_a_scan_that_is_not_a_pdf_is_refused_on_the_screen(muni_a, institute_user, host_client, agreement_fields):
    from agreements.services import agreement_create, agreement_send

    agreement = agreement_send(
        agreement=agreement_create(municipality=muni_a, acting_user=institute_user, **agreement_fields),
        acting_user=institute_user,
    )
    client = host_client(None, institute_user)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/agreements/{agreement.pk}/scan/upload/", {"scan": fake}, follow=True)
    assert "Допускаются только файлы PDF" in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.scan
    good = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(f"/agreements/{agreement.pk}/scan/upload/", {"scan": good})
    response = client.get(f"/agreements/{agreement.pk}/scan/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_dashboard_flags_municipalities_without_an_agreement_in_force(muni_a, institute_user, host_client):
    body = host_client(None, institute_user).get("/institute/?agreement=missing").content.decode()
    assert muni_a.name in body and "нет действующего соглашения" in body
