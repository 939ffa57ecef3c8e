"""The public bank page: public materials only, search and filters by GET, downloads by the public flag."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import Role
from tenants.resources.models import ResourceBankPage, ResourceKind
from tests.tenants.resources.factories import ResourceFactory, document_upload, subject_named


def bank_url_in(municipality) -> str:
    """The path of the municipality's public bank page (the starter site has one; made if not)."""
    with tenant_context(municipality):
        page = ResourceBankPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = ResourceBankPage(title="Банк педагогической информации", slug="bank", intro="Материалы")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture
def bank_a(muni_a) -> str:
    return bank_url_in(muni_a)


def test_visitors_see_only_public_materials(muni_a, bank_a, host_client):
    with tenant_context(muni_a):
        ResourceFactory(title="Открытый приказ", is_public=True, kind=ResourceKind.NORMATIVE, tags=["приказы"])
        ResourceFactory(title="Черновик служебный", is_public=False)
    response = host_client(muni_a).get(bank_a)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Открытый приказ" in body and "Черновик служебный" not in body
    assert "приказы" in body and "Нормативно-правовые материалы" in body
    assert '<form method="get"' in body and 'name="q"' in body  # works without JavaScript


def test_search_and_filters_by_get(muni_a, bank_a, host_client):
    with tenant_context(muni_a):
        history = subject_named("История")
        ResourceFactory(
            title="Сборник конспектов",
            is_public=True,
            subject=history,
            file=document_upload("pdf", "Занятия городских методических объединений историков."),
        )
        ResourceFactory(title="Методическое объединение: скрытое", is_public=False)
        ResourceFactory(title="Книжные новинки года", is_public=True, kind=ResourceKind.LITERATURE)
    client = host_client(muni_a)
    found = client.get(bank_a, {"q": "методическое объединение"}).content.decode()
    assert "Сборник конспектов" in found and "скрытое" not in found and "Книжные новинки года" not in found
    assert "<mark>методических</mark>" in found
    by_subject = client.get(bank_a, {"subject": history.pk}).content.decode()
    assert "Сборник конспектов" in by_subject and "Книжные новинки года" not in by_subject
    by_kind = client.get(bank_a, {"kind": ResourceKind.LITERATURE}).content.decode()
    assert "Книжные новинки года" in by_kind and "Сборник конспектов" not in by_kind
    odd = client.get(bank_a, {"q": "((( !!!", "kind": "nonsense", "subject": "x", "page": "999"})
    assert odd.status_code == 200


def test_pages_of_results(muni_a, bank_a, host_client):
    with tenant_context(muni_a):
        for n in range(23):
            ResourceFactory(title=f"Материал {n:02d}", is_public=True)
    client = host_client(muni_a)
    first = client.get(bank_a).content.decode()
    second = client.get(bank_a, {"page": 2}).content.decode()
    assert "Страница 1 из 2" in first and "page=2" in first
    assert "Материал 02" in second and "Материал 02" not in first


def test_downloads_follow_the_public_flag(muni_a, bank_a, host_client, methodologist_a, make_user):
    with tenant_context(muni_a):
        public = ResourceFactory(title="Открытый", is_public=True, file=document_upload("docx", "Открыто."))
        internal = ResourceFactory(title="Служебный", is_public=False, file=document_upload("pdf", "Служебно."))
        link_only = ResourceFactory(title="Ссылка", is_public=True)
    anonymous = host_client(muni_a)
    response = anonymous.get(f"{bank_a}file/{public.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert anonymous.get(f"{bank_a}file/{internal.pk}/").status_code == 404
    assert anonymous.get(f"{bank_a}file/{link_only.pk}/").status_code == 404
    assert anonymous.get(f"{bank_a}file/999999/").status_code == 404
    teacher = make_user(Role.TEACHER, muni_a)
    assert host_client(muni_a, teacher).get(f"{bank_a}file/{internal.pk}/").status_code == 404
    staff = host_client(muni_a, methodologist_a).get(f"{bank_a}file/{internal.pk}/")
    assert staff.status_code == 200 and staff["Cache-Control"] == "private, no-store"
    # Stored files are never served by /media/.
    with tenant_context(muni_a):
        media_url = f"/media/{muni_a.schema_name}/{public.file.name}"
    assert anonymous.get(media_url).status_code == 404
