"""Network partners: agreements with scans through the upload checks, joint events and projects on the
partner's page (staff and public), and isolation from another municipality and from outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import Role
from audit.models import AuditEntry
from tenants.partners.models import PartnerAgreement, PartnerKind, PartnersPage
from tenants.partners.services import agreement_create, joint_project_create, partner_create, partner_events_set
from tests.tenants.events.factories import make_event
from tests.tenants.resources.factories import document_upload

TODAY = datetime.date.today()


def partners_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = PartnersPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = PartnersPage(title="Сетевые партнёры", slug="partnery")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture
def museum(muni_a):
    with tenant_context(muni_a):
        partner = partner_create(name="Городской краеведческий музей", kind=PartnerKind.CULTURE, acting_user=None)
        agreement_create(
            partner=partner,
            number="12-С",
            concluded_on=TODAY - datetime.timedelta(days=100),
            valid_until=TODAY + datetime.timedelta(days=265),
            subject="Музейные уроки для школьников",
            scan=document_upload("pdf", "Соглашение о сотрудничестве"),
            acting_user=None,
        )
        held = make_event(title="Музейный урок истории", is_public=True)
        staff_only = make_event(title="Совещание с музеем (внутреннее)", is_public=False)
        partner_events_set(partner=partner, events=[held, staff_only], acting_user=None)
        joint_project_create(
            title="Краеведческий квест",
            partners=[partner],
            starts_on=TODAY,
            acting_user=None,
            result="Квест для 5–7 классов",
        )
        joint_project_create(
            title="Черновик проекта", partners=[partner], starts_on=TODAY, is_public=False, acting_user=None
        )
        return partner


def test_a_scan_must_be_a_pdf_by_content(muni_a, museum):
    with tenant_context(muni_a):
        fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>")
        with pytest.raises(ValidationError) as error:
            agreement_create(partner=museum, concluded_on=TODAY, subject="x", scan=fake, acting_user=None)
        assert "scan" in error.value.message_dict
        docx = document_upload("docx", "Соглашение")
        with pytest.raises(ValidationError):
            agreement_create(partner=museum, concluded_on=TODAY, subject="x", scan=docx, acting_user=None)
        with pytest.raises(ValidationError):
            agreement_create(
                partner=museum,
                concluded_on=TODAY,
                valid_until=TODAY - datetime.timedelta(days=1),
                subject="x",
                acting_user=None,
            )
        agreement = PartnerAgreement.objects.get(partner=museum)
        assert agreement.scan_format == "pdf" and agreement.scan.name.startswith("partners/")
        assert agreement.in_force
    assert {"partner.create", "partner_agreement.create", "partner.events", "joint_project.create"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_the_partners_screen_lists_what_was_done_together(muni_a, museum, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    page = client.get(f"/admin/partners/{museum.pk}/work/").content.decode()
    for text in (
        "Музейные уроки",
        "Музейный урок истории",
        "Совещание с музеем",
        "Краеведческий квест",
        "Черновик проекта",
    ):
        assert text in page, text
    with tenant_context(muni_a):
        agreement = PartnerAgreement.objects.get(partner=museum)
    scan = client.get(f"/admin/partners/agreements/{agreement.pk}/scan/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content).startswith(b"%PDF")


def test_an_agreement_form_refuses_a_scan_that_is_not_a_pdf(muni_a, museum, methodologist_a, host_client):
    response = host_client(muni_a, methodologist_a).post(
        "/admin/partners/agreements/new/",
        {
            "partner": museum.pk,
            "number": "1",
            "concluded_on": TODAY.isoformat(),
            "valid_until": "",
            "subject": "Совместные мероприятия",
            "scan": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200 and "PDF" in response.content.decode()
    with tenant_context(muni_a):
        assert PartnerAgreement.objects.count() == 1


def test_the_public_page_shows_only_public_work(muni_a, muni_b, museum, host_client):
    url = partners_url_in(muni_a)
    client = host_client(muni_a)
    index = client.get(url).content.decode()
    assert "Городской краеведческий музей" in index
    detail = client.get(f"{url}{museum.pk}/").content.decode()
    assert "Музейный урок истории" in detail and "Краеведческий квест" in detail and "Музейные уроки" in detail
    assert "Совещание с музеем" not in detail and "Черновик проекта" not in detail
    assert "/scan/" not in detail  # the scan stays with the staff
    assert host_client(muni_b).get(f"{partners_url_in(muni_b)}{museum.pk}/").status_code == 404


def test_b_outsiders_and_the_public_reach_no_scan_or_screen_of_a(muni_a, muni_b, museum, host_client, make_user):
    with tenant_context(muni_a):
        agreement = PartnerAgreement.objects.get(partner=museum)
    urls = (
        f"/admin/partners/{museum.pk}/work/",
        f"/admin/partners/agreements/{agreement.pk}/scan/",
        f"/admin/partners/edit/{museum.pk}/",
    )
    for user in (None, make_user(Role.TEACHER, muni_a), make_user(Role.HEAD, muni_b)):
        client = host_client(muni_a, user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), (user, url)
    on_b = host_client(muni_b, make_user(Role.HEAD, muni_b))
    for url in urls:
        assert on_b.get(url).status_code == 404, url
    assert "краеведческий" not in on_b.get("/admin/partners/").content.decode()


def test_demo_seed_is_idempotent(muni_a):
    from tenants.partners.demo import PARTNERS, demo_seed
    from tenants.partners.models import JointProject, Partner

    with tenant_context(muni_a):
        for _ in range(4):
            make_event(is_public=True)
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert Partner.objects.count() == len(PARTNERS) == PartnerAgreement.objects.count()
        assert JointProject.objects.count() == len(PARTNERS)
        assert Partner.objects.filter(events__isnull=False).distinct().count() == 2
        assert PartnersPage.objects.live().count() == 1
