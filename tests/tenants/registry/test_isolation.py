"""One municipality's register against another's people and host; the region's observers read only."""

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.registry.models import DocumentKind, DocumentVersion, VersionStatus
from tenants.sample_documents import pdf_bytes
from tests.tenants.registry.factories import DocumentVersionFactory
from tests.tenants.registry.test_views import version_form

LOGIN_PATH = "/accounts/login/"


def refused(response) -> bool:
    """Wagtail's answer to someone without access: to the login page or the dashboard, 403 or 404."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in (LOGIN_PATH, "/admin/")
    )


def next_free_pk(*municipalities) -> int:
    highest = 0
    for municipality in municipalities:
        with tenant_context(municipality):
            highest = max(highest, DocumentVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    return highest + 1


@pytest.fixture
def alpha_secret(muni_a, muni_b, seeded_kind):
    """A non-public version of A, under an id B has no version with."""
    pk = next_free_pk(muni_a, muni_b)
    with tenant_context(muni_a):
        return DocumentVersionFactory(
            pk=pk,
            kind=seeded_kind("tripartite-agreement"),
            title="alpha-secret-agreement",
            file=ContentFile(pdf_bytes("alpha secret"), name="alpha.pdf"),
        )


def test_a_methodologist_of_b_sees_nothing_of_as_register(muni_a, muni_b, make_user, host_client, alpha_secret):
    client = host_client(muni_b, make_user(Role.METHODOLOGIST, muni_b))
    for url in (
        "/admin/registry/versions/",
        "/admin/registry/versions/?q=alpha-secret",
        "/admin/registry/nomenclature/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "alpha-secret-agreement" not in response.content.decode(), url
    for url in (
        f"/admin/registry/versions/edit/{alpha_secret.pk}/",
        f"/admin/registry/versions/history/{alpha_secret.pk}/",
        f"/admin/registry/files/{alpha_secret.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_methodologist_of_b_is_refused_on_as_host(muni_a, muni_b, make_user, host_client, alpha_secret):
    client = host_client(muni_a, make_user(Role.METHODOLOGIST, muni_b))
    for url in (
        "/admin/registry/nomenclature/",
        "/admin/registry/versions/",
        f"/admin/registry/versions/edit/{alpha_secret.pk}/",
        f"/admin/registry/files/{alpha_secret.pk}/",
    ):
        response = client.get(url)
        assert refused(response), url
        assert "alpha-secret" not in response.content.decode(), url
    with tenant_context(muni_a):
        kind = DocumentKind.objects.get(code="mms-regulation")
    upload = ContentFile(pdf_bytes("Захват"), name="x.pdf")
    assert refused(client.post("/admin/registry/versions/new/", version_form(kind, file=upload)))
    with tenant_context(muni_a):
        assert not DocumentVersion.objects.filter(kind=kind).exists()


def test_bs_host_never_serves_as_files(muni_a, muni_b, host_client, register_page, seeded_kind):
    """The same version id in both municipalities: each host serves its own file."""
    register_page(muni_a)
    register_page(muni_b)
    pk = next_free_pk(muni_a, muni_b)
    alpha, beta = pdf_bytes("alpha public"), pdf_bytes("beta public")
    for municipality, content in ((muni_a, alpha), (muni_b, beta)):
        with tenant_context(municipality):
            DocumentVersionFactory(
                pk=pk, kind=seeded_kind("mms-regulation"), is_public=True, file=ContentFile(content, name="p.pdf")
            )
    assert b"".join(host_client(muni_a).get(f"/dokumenty/reestr/{pk}/").streaming_content) == alpha
    assert b"".join(host_client(muni_b).get(f"/dokumenty/reestr/{pk}/").streaming_content) == beta
    # And an id that exists only in A is nothing on B's host.
    only_a = next_free_pk(muni_a, muni_b)
    with tenant_context(muni_a):
        DocumentVersionFactory(pk=only_a, kind=seeded_kind("council-regulation"), is_public=True)
    assert host_client(muni_b).get(f"/dokumenty/reestr/{only_a}/").status_code == 404
    assert (
        "Положение о муниципальной методической службе"
        in host_client(muni_b).get("/dokumenty/reestr/").content.decode()
    )


@pytest.mark.parametrize("role", [Role.INSTITUTE, Role.COMMITTEE])
def test_region_observers_read_but_do_not_change(muni_a, make_user, host_client, alpha_secret, seeded_kind, role):
    observer = host_client(muni_a, make_user(role, None))
    nomenclature = observer.get("/admin/registry/nomenclature/")
    assert nomenclature.status_code == 200
    page = nomenclature.content.decode()
    assert "Добавить редакцию" not in page and "Добавить вид документа" not in page
    listing = observer.get("/admin/registry/versions/")
    assert listing.status_code == 200 and "alpha-secret-agreement" in listing.content.decode()
    assert f"/admin/registry/versions/edit/{alpha_secret.pk}/" not in listing.content.decode()
    assert observer.get(f"/admin/registry/versions/inspect/{alpha_secret.pk}/").status_code == 200
    assert observer.get(f"/admin/registry/files/{alpha_secret.pk}/").status_code == 200
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
    upload = ContentFile(pdf_bytes("Наблюдатель"), name="x.pdf")
    for response in (
        observer.get("/admin/registry/versions/new/"),
        observer.post("/admin/registry/versions/new/", version_form(kind, file=upload)),
        observer.post(f"/admin/registry/versions/edit/{alpha_secret.pk}/", version_form(alpha_secret.kind)),
        observer.post(f"/admin/registry/versions/delete/{alpha_secret.pk}/"),
        observer.post("/admin/registry/kinds/new/", {"name": "Чужой вид", "renewal": "standing", "order": "1"}),
    ):
        assert refused(response)
    with tenant_context(muni_a):
        alpha_secret.refresh_from_db()
        assert alpha_secret.status == VersionStatus.IN_FORCE
        assert not DocumentVersion.objects.filter(kind=kind).exists()
        assert not DocumentKind.objects.filter(name="Чужой вид").exists()


def test_the_chair_reads_the_register(muni_a, make_user, host_client, alpha_secret):
    chair = host_client(muni_a, make_user(Role.CHAIR, muni_a))
    assert chair.get("/admin/registry/nomenclature/").status_code == 200
    assert chair.get(f"/admin/registry/files/{alpha_secret.pk}/").status_code == 200
    assert refused(chair.get("/admin/registry/versions/new/"))


def test_a_teacher_has_no_register_admin(muni_a, make_user, host_client, alpha_secret):
    teacher = host_client(muni_a, make_user(Role.TEACHER, muni_a))
    for url in (
        "/admin/registry/nomenclature/",
        "/admin/registry/versions/",
        f"/admin/registry/files/{alpha_secret.pk}/",
    ):
        assert refused(teacher.get(url)), url
