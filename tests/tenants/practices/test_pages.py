"""The public practice bank: recommended public practices only; materials follow the public flag."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import Role
from tenants.practices.models import PracticeIndexPage, PracticeLevel, PracticeStatus
from tenants.practices.services import MaterialData, practice_status_change, practice_update
from tests.tenants.practices.factories import PracticeFactory
from tests.tenants.resources.factories import document_upload

S = PracticeStatus


def practices_url_in(municipality) -> str:
    """The path of the municipality's public practice page (the starter site has one; made if not)."""
    with tenant_context(municipality):
        page = PracticeIndexPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = PracticeIndexPage(title="Лучшие практики", slug="practices")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


def recommended(title: str, *, public: bool = True, **kwargs):
    practice = PracticeFactory(title=title, **kwargs)
    practice_status_change(practice=practice, status=S.REVIEWED, acting_user=None, skip_permission_checks=True)
    practice_status_change(practice=practice, status=S.RECOMMENDED, acting_user=None, skip_permission_checks=True)
    if public:
        practice_update(practice=practice, acting_user=None, data={"is_public": True})
    return practice


@pytest.fixture
def practices_page(muni_a) -> str:
    return practices_url_in(muni_a)


def test_only_recommended_public_practices_are_listed(muni_a, practices_page, host_client):
    with tenant_context(muni_a):
        shown = recommended("Открытая практика", level=PracticeLevel.REGIONAL)
        recommended("Рекомендована, но скрыта", public=False)
        PracticeFactory(title="Только предложена")
        author = shown.authors.get()
    client = host_client(muni_a)
    body = client.get(practices_page).content.decode()
    assert "Открытая практика" in body and author.full_name in body
    assert "скрыта" not in body and "Только предложена" not in body
    assert "Открытая практика" not in client.get(practices_page, {"level": PracticeLevel.SCHOOL}).content.decode()
    assert "Открытая практика" in client.get(practices_page, {"level": PracticeLevel.REGIONAL}).content.decode()
    assert client.get(practices_page, {"level": "x", "page": "z"}).status_code == 200


def test_detail_page_and_materials(muni_a, practices_page, host_client, methodologist_a):
    with tenant_context(muni_a):
        shown = recommended(
            "Открытая практика",
            materials=[
                MaterialData(title="Конспект", file=document_upload("pdf", "Ход урока.")),
                MaterialData(title="Видео", link="https://example.org/v"),
            ],
        )
        hidden = PracticeFactory(
            title="На рассмотрении", materials=[MaterialData(title="Черновик", file=document_upload("docx", "x"))]
        )
        shown_file = shown.materials.get(title="Конспект")
        hidden_file = hidden.materials.get()
    client = host_client(muni_a)
    detail = client.get(f"{practices_page}{shown.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200 and "Рекомендована к распространению" in body
    assert f"{practices_page}{shown.pk}/materials/{shown_file.pk}/" in body and "https://example.org/v" in body
    download = client.get(f"{practices_page}{shown.pk}/materials/{shown_file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(f"{practices_page}{hidden.pk}/").status_code == 404
    assert client.get(f"{practices_page}{hidden.pk}/materials/{hidden_file.pk}/").status_code == 404
    assert client.get(f"{practices_page}{shown.pk}/materials/{hidden_file.pk}/").status_code == 404
    staff = host_client(muni_a, methodologist_a)
    assert staff.get(f"{practices_page}{hidden.pk}/materials/{hidden_file.pk}/").status_code == 200


def test_bs_host_shows_and_serves_nothing_of_as(muni_a, muni_b, host_client, make_user):
    with tenant_context(muni_a):
        shown = recommended("Альфа открытая", materials=[MaterialData(title="Ф", file=document_upload("pdf", "А."))])
        material = shown.materials.get()
    practices_page = practices_url_in(muni_b)
    teacher_b = make_user(Role.METHODOLOGIST, muni_b)
    for client in (host_client(muni_b), host_client(muni_b, teacher_b)):
        assert "Альфа открытая" not in client.get(practices_page).content.decode()
        assert client.get(f"{practices_page}{shown.pk}/").status_code == 404
        assert client.get(f"{practices_page}{shown.pk}/materials/{material.pk}/").status_code == 404
