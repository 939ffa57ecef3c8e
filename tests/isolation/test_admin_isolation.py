"""Admin isolation: a role in A opens A's Wagtail admin and nothing of B's.

The test client sends its session to every host, so these tests are harsher than a browser,
whose host-only session cookie never reaches B's host at all.
"""

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import Page

from accounts.models import Role

LOGIN_PATH = "/accounts/login/"


def refused(response) -> bool:
    """Wagtail's answer to someone without access: to the login page, or back to the dashboard."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in (LOGIN_PATH, "/admin/")
    )


def test_methodologist_opens_own_admin_and_is_sent_to_login_on_another(muni_a, muni_b, methodologist_a, host_client):
    own = host_client(muni_a, methodologist_a).get("/admin/")
    other = host_client(muni_b, methodologist_a).get("/admin/")
    assert own.status_code == 200
    assert other.status_code == 302 and other["Location"].startswith(LOGIN_PATH)
    assert muni_b.short_name not in other.content.decode()


def test_methodologist_of_a_gets_none_of_bs_pages_images_documents_or_files(
    muni_a, muni_b, methodologist_a, host_client, home_page_id, image_in, document_in
):
    image = image_in(muni_b, title="beta-secret-image")
    document = document_in(muni_b, title="beta-secret-document", content=b"beta only")
    with tenant_context(muni_b):
        # A file's URL is worked out from the schema in use, so B's URLs are taken inside B.
        file_urls = [image.file.url, image.get_rendition("max-100x100").url, document.url]
    client = host_client(muni_b, methodologist_a)
    urls = [
        f"/admin/pages/{home_page_id(muni_b)}/",
        f"/admin/pages/{home_page_id(muni_b)}/edit/",
        "/admin/images/",
        f"/admin/images/{image.pk}/",
        "/admin/documents/",
        f"/admin/documents/edit/{document.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert refused(response), url
        body = response.content.decode()
        assert "beta-secret" not in body and muni_b.name not in body, url
    # B's files are not reachable from A's host, where A's people work.
    own_host = host_client(muni_a, methodologist_a)
    for url in file_urls:
        assert url.startswith((f"/media/{muni_b.schema_name}/", "/documents/")), url
        assert own_host.get(url).status_code == 404, url


def test_methodologist_of_a_cannot_edit_bs_page(muni_b, methodologist_a, host_client, home_page_id):
    page_id = home_page_id(muni_b)
    with tenant_context(muni_b):
        before = Page.objects.get(pk=page_id)
    response = host_client(muni_b, methodologist_a).post(
        f"/admin/pages/{page_id}/edit/", {"title": "Захвачено", "slug": before.slug, "action-publish": "1"}
    )
    assert refused(response)
    with tenant_context(muni_b):
        after = Page.objects.get(pk=page_id)
        assert after.title == before.title
        assert after.latest_revision_id == before.latest_revision_id


def test_institute_staff_read_every_dashboard_but_edit_no_page(muni_a, muni_b, make_user, host_client, home_page_id):
    institute = make_user(Role.INSTITUTE, None)
    for municipality in (muni_a, muni_b):
        client = host_client(municipality, institute)
        assert client.get("/admin/").status_code == 200
        page_id = home_page_id(municipality)
        with tenant_context(municipality):
            before = Page.objects.get(pk=page_id)
        assert client.get(f"/admin/pages/{page_id}/edit/").status_code != 200
        response = client.post(f"/admin/pages/{page_id}/edit/", {"title": "Правка института", "slug": before.slug})
        assert response.status_code != 200
        with tenant_context(municipality):
            after = Page.objects.get(pk=page_id)
            assert (after.title, after.latest_revision_id) == (before.title, before.latest_revision_id)


def test_teacher_has_no_admin(muni_a, make_user, host_client):
    teacher = make_user(Role.TEACHER, muni_a)
    response = host_client(muni_a, teacher).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_PATH)


# {image} is the URL of an image uploaded in A.
REGION_PATHS = ["/admin/", "/admin/pages/", "/documents/1/x.txt", "{image}"]


def image_url(image_in, municipality) -> str:
    image = image_in(municipality, title="uploaded-in-a")
    with tenant_context(municipality):
        return image.file.url


def region_get(user, path: str):
    # One request per test: the 500 below aborts the test's transaction.
    client = Client(HTTP_HOST=settings.REGION_DOMAIN, raise_request_exception=False)
    client.force_login(user)
    return client.get(path)


@pytest.mark.parametrize("path", REGION_PATHS)
def test_region_host_serves_no_municipality_admin_documents_or_media(path, muni_a, methodologist_a, image_in):
    response = region_get(methodologist_a, path.format(image=image_url(image_in, muni_a)))
    assert response.status_code >= 400
    assert muni_a.name not in response.content.decode(errors="replace")


@pytest.mark.parametrize("path", REGION_PATHS)
def test_region_host_answers_a_missing_path_with_404(path, muni_a, methodologist_a, image_in):
    assert region_get(methodologist_a, path.format(image=image_url(image_in, muni_a))).status_code == 404
