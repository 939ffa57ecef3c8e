"""The public register page: public versions in force by kind; anonymous downloads of public files."""

from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context
from wagtail.models import Page

from tenants.registry.models import DocumentRegisterPage, VersionStatus
from tenants.sample_documents import odt_bytes, pdf_bytes
from tests.tenants.registry.factories import DocumentVersionFactory

PAGE_URL = "/dokumenty/reestr/"


def test_page_type_rules():
    # The home and section pages list it among their subpage types on their side (cms/).
    assert DocumentRegisterPage.parent_page_types == ["cms_home.HomePage", "cms_home.StandardPage"]
    assert DocumentRegisterPage.allowed_subpage_models() == []


def test_the_page_lists_public_versions_in_force_only(muni_a, host_client, register_page, seeded_kind):
    register_page(muni_a)
    with tenant_context(muni_a):
        DocumentVersionFactory(kind=seeded_kind("mms-regulation"), is_public=True, order_number="112")
        DocumentVersionFactory(
            kind=seeded_kind("annual-plan"), academic_year=2025, is_public=True, title="План на 2025/2026"
        )
        DocumentVersionFactory(kind=seeded_kind("council-regulation"), is_public=True, status=VersionStatus.SUPERSEDED)
        DocumentVersionFactory(kind=seeded_kind("association-regulation"), is_public=True, status=VersionStatus.DRAFT)
        DocumentVersionFactory(kind=seeded_kind("tripartite-agreement"), is_public=False)
    response = host_client(muni_a).get(PAGE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Действующие документы методической службы</caption>" in html
    assert '<th scope="row">Положение о муниципальной методической службе' in html
    assert "Годовой план работы ММС на учебный год" in html and "2025/2026" in html
    assert "приказ № 112" in html
    assert "Положение о муниципальном методическом совете" not in html
    assert "Положение о городском методическом объединении" not in html
    assert "Трёхстороннее соглашение" not in html
    # The link names the document, the file type and the size.
    assert "Скачать: Положение о муниципальной методической службе (PDF, " in html
    assert html.index("Положение о муниципальной методической службе") < html.index("Годовой план")


def test_an_empty_register_says_so(muni_a, host_client, register_page):
    register_page(muni_a)
    assert "Документы пока не опубликованы." in host_client(muni_a).get(PAGE_URL).content.decode()


def test_anyone_downloads_public_files_and_nobody_the_others(muni_a, host_client, register_page, seeded_kind):
    register_page(muni_a)
    pdf = pdf_bytes("Положение о ММС")
    odt = odt_bytes("Положение о совете")
    with tenant_context(muni_a):
        public = DocumentVersionFactory(
            kind=seeded_kind("mms-regulation"), is_public=True, file=ContentFile(pdf, name="a.pdf")
        )
        superseded = DocumentVersionFactory(
            kind=seeded_kind("council-regulation"),
            is_public=True,
            status=VersionStatus.SUPERSEDED,
            file=ContentFile(odt, name="b.odt"),
            file_format="odt",
        )
        private = DocumentVersionFactory(kind=seeded_kind("tripartite-agreement"), is_public=False)
        draft = DocumentVersionFactory(
            kind=seeded_kind("annual-plan"), academic_year=2025, is_public=True, status="draft"
        )
    anonymous = host_client(muni_a)
    response = anonymous.get(f"{PAGE_URL}{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    odt_response = anonymous.get(f"{PAGE_URL}{superseded.pk}/")
    assert odt_response.status_code == 200
    assert odt_response["Content-Disposition"].startswith("attachment;")
    assert b"".join(odt_response.streaming_content) == odt
    for hidden in (private, draft):
        assert anonymous.get(f"{PAGE_URL}{hidden.pk}/").status_code == 404
        # Nor through the admin's file view, which wants a signed-in member of staff.
        assert anonymous.get(f"/admin/registry/files/{hidden.pk}/").status_code == 302
    # The stored files are not under /media/, which serves only images.
    with tenant_context(muni_a):
        media_url = private.file.url
    assert anonymous.get(media_url).status_code == 404


def test_a_teacher_does_not_download_non_public_files(muni_a, make_user, host_client, seeded_kind, register_page):
    from accounts.models import Role

    register_page(muni_a)
    with tenant_context(muni_a):
        private = DocumentVersionFactory(kind=seeded_kind("tripartite-agreement"), is_public=False)
    teacher = host_client(muni_a, make_user(Role.TEACHER, muni_a))
    assert teacher.get(f"{PAGE_URL}{private.pk}/").status_code == 404
    assert teacher.get(f"/admin/registry/files/{private.pk}/").status_code in (302, 403)


def test_the_page_can_sit_under_the_home_page(muni_a, host_client):
    with tenant_context(muni_a):
        home = Page.objects.get(depth=2)
        page = home.add_child(instance=DocumentRegisterPage(title="Документы ММС", slug="reestr-dokumentov"))
        page.save_revision().publish()
    assert host_client(muni_a).get("/reestr-dokumentov/").status_code == 200
