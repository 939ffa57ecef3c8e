"""The resource bank in the municipality's Wagtail admin, through the test client."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.resources.models import Resource, ResourceKind
from tests.tenants.resources.factories import ResourceFactory, document_upload, subject_named

INDEX = "/admin/resources/"
SEARCH = "/admin/resources-search/"


def form_data(**overrides):
    data = {
        "title": "Методические рекомендации по ВПР",
        "kind": ResourceKind.METHODOLOGICAL,
        "published_on": "2025-09-15",
        "description": "Подготовка обучающихся к всероссийским проверочным работам.",
        "subject": "",
        "audience": "all",
        "tags": "ВПР, оценка качества",
        "link": "",
        "author": "ЛОИРО",
    }
    data.update(overrides)
    return data


def test_methodologist_adds_a_material_with_a_file(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    assert client.get(f"{INDEX}new/").status_code == 200
    upload = document_upload("docx", "Критерии оценивания заданий проверочных работ по математике.")
    response = client.post(f"{INDEX}new/", {**form_data(), "file": upload, "is_public": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        resource = Resource.objects.get(title="Методические рекомендации по ВПР")
        assert resource.file_kind == "docx" and "Критерии оценивания" in resource.extracted_text
        assert resource.is_public and set(resource.tags.names()) == {"ВПР", "оценка качества"}
        assert "'критер'" in str(resource.search_vector)
    assert AuditEntry.objects.filter(action="resource.create", actor=methodologist_a).exists()


def test_form_errors_are_russian(muni_a, methodologist_a, host_client):
    client = host_client(muni_a, methodologist_a)
    neither = client.post(f"{INDEX}new/", form_data())
    assert neither.status_code == 200
    assert "Приложите файл или укажите ссылку на материал." in neither.content.decode()
    fake = document_upload("docx", "x")
    fake.file.seek(0)
    fake.file.write(b"GIF89a not a document at all")
    fake.file.truncate()
    fake.file.seek(0)
    fake.size = len(fake.file.getvalue())
    wrong = client.post(f"{INDEX}new/", {**form_data(), "file": fake})
    assert "Допускаются только файлы PDF, DOCX, ODT" in wrong.content.decode()
    with tenant_context(muni_a):
        assert not Resource.objects.exists()


def test_edit_recomputes_the_vector_and_history_shows_both_writes(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        resource = ResourceFactory(title="Старое название", acting_user=methodologist_a)
    client = host_client(muni_a, methodologist_a)
    response = client.post(
        f"{INDEX}edit/{resource.pk}/", form_data(title="Функциональная грамотность", link="https://example.org/fg")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        resource.refresh_from_db()
        assert "'грамотн'" in str(resource.search_vector) and "'стар'" not in str(resource.search_vector)
    history = client.get(f"{INDEX}history/{resource.pk}/")
    assert history.status_code == 200
    body = history.content.decode()
    assert "Создано" in body or "Создание" in body or "создан" in body.lower()
    assert AuditEntry.objects.filter(
        action="resource.update", actor=methodologist_a, data__fields__contains=["title"]
    ).exists()


def test_listing_filters_and_full_text_search(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        ResourceFactory(
            title="Сборник материалов", file=document_upload("pdf", "Работа городских методических объединений.")
        )
        ResourceFactory(title="Приказ о конкурсе", kind=ResourceKind.NORMATIVE, is_public=True, tags=["конкурсы"])
        ResourceFactory(title="Новая книга", kind=ResourceKind.LITERATURE, subject=subject_named("История"))
    client = host_client(muni_a, methodologist_a)
    listing = client.get(INDEX).content.decode()
    assert all(t in listing for t in ("Сборник материалов", "Приказ о конкурсе", "Новая книга"))
    found = client.get(INDEX, {"q": "методическое объединение"}).content.decode()
    assert "Сборник материалов" in found and "Приказ о конкурсе" not in found
    by_kind = client.get(INDEX, {"kind": ResourceKind.NORMATIVE}).content.decode()
    assert "Приказ о конкурсе" in by_kind and "Новая книга" not in by_kind
    public = client.get(INDEX, {"is_public": "true"}).content.decode()
    assert "Приказ о конкурсе" in public and "Сборник материалов" not in public
    with tenant_context(muni_a):
        tag_id = Resource.objects.get(title="Приказ о конкурсе").tags.get().pk
    tagged = client.get(INDEX, {"tags": tag_id}).content.decode()
    assert "Приказ о конкурсе" in tagged and "Новая книга" not in tagged
    assert client.get(INDEX, {"q": "!!! &&&"}).status_code == 200


def test_search_screen_ranks_and_highlights(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        ResourceFactory(title="Наставничество в школе")
        ResourceFactory(title="Сборник", file=document_upload("docx", "Целевая модель наставничества педагогов."))
    client = host_client(muni_a, methodologist_a)
    empty = client.get(SEARCH)
    assert empty.status_code == 200 and "Поиск идёт по названиям" in empty.content.decode()
    body = client.get(SEARCH, {"q": "наставничество"}).content.decode()
    assert body.index("<mark>Наставничество</mark> в школе") < body.index("<mark>наставничества</mark> педагогов")
    assert "найдено материалов: 2" in body


def test_staff_download_any_file_and_readers_cannot_edit(muni_a, make_user, host_client):
    with tenant_context(muni_a):
        resource = ResourceFactory(title="Внутренний документ", file=document_upload("pdf", "Служебное."))
    chair = make_user(Role.CHAIR, muni_a)
    client = host_client(muni_a, chair)
    download = client.get(f"{INDEX}file/{resource.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(INDEX).status_code == 200
    assert client.get(f"{INDEX}inspect/{resource.pk}/").status_code == 200
    assert client.get(f"{INDEX}edit/{resource.pk}/").status_code in (302, 403)
    assert client.post(f"{INDEX}new/", form_data(link="https://example.org")).status_code in (302, 403)
    with tenant_context(muni_a):
        assert Resource.objects.count() == 1


def test_teacher_gets_no_admin(muni_a, make_user, host_client):
    with tenant_context(muni_a):
        resource = ResourceFactory(file=document_upload("pdf", "Служебное."))
    teacher = make_user(Role.TEACHER, muni_a)
    client = host_client(muni_a, teacher)
    for url in (INDEX, SEARCH, f"{INDEX}file/{resource.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
