"""Isolation: nothing of A's resource bank reaches B's people, B's host or B's admin."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.resources.selectors import resource_search
from tests.tenants.resources.factories import ResourceFactory, document_upload
from tests.tenants.resources.test_pages import bank_url_in


def refused(response) -> bool:
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in ("/accounts/login/", "/admin/")
    )


def test_methodologist_of_b_gets_nothing_of_as(muni_a, muni_b, make_user, host_client):
    with tenant_context(muni_a):
        secret = ResourceFactory(title="Альфа-секрет", file=document_upload("pdf", "Тайное слово альфа."))
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_a = host_client(muni_a, methodologist_b)
    for url in (
        "/admin/resources/",
        "/admin/resources-search/?q=альфа",
        f"/admin/resources/edit/{secret.pk}/",
        f"/admin/resources/inspect/{secret.pk}/",
        f"/admin/resources/history/{secret.pk}/",
        f"/admin/resources/file/{secret.pk}/",
    ):
        response = on_a.get(url)
        assert refused(response), url
        assert "Альфа-секрет" not in response.content.decode(), url
    on_b = host_client(muni_b, methodologist_b)
    assert "Альфа-секрет" not in on_b.get("/admin/resources/").content.decode()
    assert "Альфа-секрет" not in on_b.get("/admin/resources/", {"q": "альфа"}).content.decode()
    assert "Альфа-секрет" not in on_b.get("/admin/resources-search/", {"q": "тайное слово"}).content.decode()
    for url in (f"/admin/resources/edit/{secret.pk}/", f"/admin/resources/file/{secret.pk}/"):
        assert on_b.get(url).status_code == 404, url
    with tenant_context(muni_b):
        assert resource_search(query="тайное слово").total == 0


def test_bs_host_cannot_download_as_files(muni_a, muni_b, host_client, methodologist_a):
    with tenant_context(muni_a):
        public = ResourceFactory(title="Открытый файл А", is_public=True, file=document_upload("pdf", "Альфа."))
        media_url = f"/media/{muni_a.schema_name}/{public.file.name}"
    bank_a, bank_b = bank_url_in(muni_a), bank_url_in(muni_b)
    assert host_client(muni_a).get(f"{bank_a}file/{public.pk}/").status_code == 200
    for client in (host_client(muni_b), host_client(muni_b, methodologist_a)):
        assert client.get(f"{bank_b}file/{public.pk}/").status_code == 404
        assert client.get(media_url).status_code == 404
        assert "Открытый файл А" not in client.get(bank_b).content.decode()
