"""The register in the Wagtail admin: the nomenclature at a glance, versions, kinds, files."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.academic_years import AcademicYear
from tenants.registry.models import DocumentKind, DocumentVersion, VersionStatus
from tenants.sample_documents import docx_bytes, pdf_bytes
from tests.tenants.registry.factories import DocumentKindFactory, DocumentVersionFactory

NOMENCLATURE_URL = "/admin/registry/nomenclature/"
VERSIONS_URL = "/admin/registry/versions/"
KINDS_URL = "/admin/registry/kinds/"
YEAR = AcademicYear.current().start


def body(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    """The messages' text, without the buttons Wagtail adds to them."""
    return [unescape(str(m).split("<", 1)[0]).strip() for m in get_messages(response.wsgi_request)]


def count(html: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', html).group(1))


def version_form(kind, *, file=None, **fields) -> dict:
    data = {
        "kind": kind.pk,
        "title": "",
        "status": VersionStatus.IN_FORCE,
        "academic_year": "",
        "approved_on": "2025-08-28",
        "order_number": "112",
        "order_date": "2025-08-27",
        "is_public": "on",
    }
    if file is not None:
        data["file"] = file
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def pdf_upload(name="положение.pdf", title="Положение") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(title), content_type="application/pdf")


@pytest.fixture
def client_a(muni_a, methodologist_a, host_client):
    return host_client(muni_a, methodologist_a)


# --- the nomenclature at a glance -----------------------------------------------------------


def test_nomenclature_shows_each_kind_with_its_state_and_the_counts(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        regulation = seeded_kind("mms-regulation")
        plan = seeded_kind("annual-plan")
        DocumentVersionFactory(kind=regulation, status=VersionStatus.IN_FORCE, approved_on=datetime.date(2024, 8, 30))
        DocumentVersionFactory(kind=plan, status=VersionStatus.IN_FORCE, academic_year=YEAR - 1)
        DocumentVersionFactory(kind=seeded_kind("council-regulation"), status=VersionStatus.DRAFT)
    response = client_a.get(NOMENCLATURE_URL)
    assert response.status_code == 200
    html = body(response)
    assert "Номенклатура документов" in html
    assert (count(html, "required"), count(html, "in_force"), count(html, "missing"), count(html, "outdated")) == (
        8,
        1,
        6,
        1,
    )
    assert 'data-kind="mms-regulation" data-state="in_force"' in html
    assert 'data-kind="annual-plan" data-state="outdated"' in html
    assert 'data-kind="council-regulation" data-state="missing"' in html
    assert "устарел" in html and "нет действующей редакции" in html and "в силе" in html
    assert f"Нужна редакция за {AcademicYear(YEAR).label} учебный год." in html
    assert "утверждена 30.08.2024" in html
    assert f"{VERSIONS_URL}new/?kind={plan.pk}" in html
    assert "Добавить вид документа" in html
    assert "Примерное положение о ММС Ленинградской области, п. 4.10.1" in html


def test_the_menu_offers_the_register(client_a):
    page = body(client_a.get("/admin/"))
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', page, re.S)
    menu = json.dumps(json.loads(props.group(1)), ensure_ascii=False)
    for label in ("Реестр документов", "Номенклатура документов", "Редакции документов", "Виды документов"):
        assert f'"label": "{label}"' in menu
    assert "/admin/registry/nomenclature/" in menu


def test_the_add_link_preselects_the_kind(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        plan = seeded_kind("annual-plan")
    html = body(client_a.get(f"{VERSIONS_URL}new/?kind={plan.pk}"))
    assert f'<option value="{plan.pk}" selected>' in html


# --- versions -------------------------------------------------------------------------------


def test_adding_a_version_in_force_supersedes_the_previous_one(muni_a, client_a, seeded_kind, methodologist_a):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
        previous = DocumentVersionFactory(kind=kind, status=VersionStatus.IN_FORCE)
    response = client_a.post(f"{VERSIONS_URL}new/", version_form(kind, file=pdf_upload()))
    assert response.status_code == 302, body(response)
    assert messages_of(response) == ["Редакция «Положение о муниципальной методической службе» добавлена."]
    with tenant_context(muni_a):
        created = DocumentVersion.objects.in_force().get(kind=kind)
        previous.refresh_from_db()
    assert previous.status == VersionStatus.SUPERSEDED
    assert (created.file_format, created.order_number, created.is_public) == ("pdf", "112", True)
    from audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="register_document.create", actor=methodologist_a).count() == 1
    assert AuditEntry.objects.filter(action="register_document.update", data__id=previous.pk).count() == 1


def test_a_png_named_pdf_is_refused_with_a_russian_message(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
    png = SimpleUploadedFile("положение.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="application/pdf")
    response = client_a.post(f"{VERSIONS_URL}new/", version_form(kind, file=png))
    assert response.status_code == 200
    html = body(response)
    assert "Допускаются только файлы PDF, DOCX, ODT; содержимое этого файла им не соответствует." in html
    assert "Редакция не сохранена: исправьте ошибки." in html
    with tenant_context(muni_a):
        assert not DocumentVersion.objects.exists()


def test_an_empty_file_is_refused(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
    empty = SimpleUploadedFile("пусто.pdf", b"", content_type="application/pdf")
    response = client_a.post(f"{VERSIONS_URL}new/", version_form(kind, file=empty))
    assert response.status_code == 200
    assert "Отправленный файл пуст" in body(response) or "Файл пустой." in body(response)


def test_rules_of_the_service_show_on_the_form(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        plan = seeded_kind("annual-plan")
        DocumentVersionFactory(kind=plan, status=VersionStatus.IN_FORCE, academic_year=YEAR)
    no_year = client_a.post(f"{VERSIONS_URL}new/", version_form(plan, file=pdf_upload()))
    assert "Этот документ составляется на учебный год: укажите учебный год." in body(no_year)
    earlier = client_a.post(f"{VERSIONS_URL}new/", version_form(plan, file=pdf_upload(), academic_year=YEAR - 1))
    assert earlier.status_code == 200
    assert f"В силе уже редакция за {AcademicYear(YEAR).label} учебный год" in body(earlier)
    with tenant_context(muni_a):
        assert DocumentVersion.objects.filter(kind=plan).count() == 1


def test_editing_puts_a_draft_in_force_and_keeps_the_file(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        kind = seeded_kind("council-regulation")
        current = DocumentVersionFactory(kind=kind, status=VersionStatus.IN_FORCE)
        draft = DocumentVersionFactory(kind=kind, status=VersionStatus.DRAFT, title="Новая редакция")
        file_name = draft.file.name
    form = body(client_a.get(f"{VERSIONS_URL}edit/{draft.pk}/"))
    assert 'name="kind"' in form and "disabled" in form
    response = client_a.post(f"{VERSIONS_URL}edit/{draft.pk}/", version_form(kind, title="Новая редакция"))
    assert response.status_code == 302, body(response)
    assert messages_of(response) == ["Редакция «Новая редакция» сохранена."]
    with tenant_context(muni_a):
        draft.refresh_from_db()
        current.refresh_from_db()
    assert (draft.status, current.status) == (VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED)
    assert draft.file.name == file_name


def test_history_lists_the_changes(muni_a, client_a, seeded_kind, methodologist_a):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
    client_a.post(f"{VERSIONS_URL}new/", version_form(kind, file=pdf_upload(), status=VersionStatus.DRAFT))
    with tenant_context(muni_a):
        version = DocumentVersion.objects.get(kind=kind)
    client_a.post(f"{VERSIONS_URL}edit/{version.pk}/", version_form(kind))
    response = client_a.get(f"{VERSIONS_URL}history/{version.pk}/")
    assert response.status_code == 200
    html = body(response)
    assert "Создано" in html or "Создан" in html
    assert methodologist_a.get_full_name() in html or methodologist_a.email in html


def test_deleting_a_version_from_the_admin(muni_a, client_a, seeded_kind):
    from audit.models import AuditEntry

    with tenant_context(muni_a):
        version = DocumentVersionFactory(kind=seeded_kind("mms-regulation"))
    confirm = body(client_a.get(f"{VERSIONS_URL}delete/{version.pk}/"))
    assert "Удалить эту редакцию документа вместе с её файлом?" in confirm
    response = client_a.post(f"{VERSIONS_URL}delete/{version.pk}/")
    assert response.status_code == 302
    assert messages_of(response) == ["Редакция «Положение о муниципальной методической службе» удалена."]
    with tenant_context(muni_a):
        assert not DocumentVersion.objects.filter(pk=version.pk).exists()
    assert AuditEntry.objects.filter(action="register_document.delete", data__id=version.pk).exists()


def test_the_list_filters_and_searches(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        plan_kind = seeded_kind("annual-plan")
        plan = DocumentVersionFactory(kind=plan_kind, academic_year=YEAR, title="План на год-маркер", is_public=True)
        old_plan = DocumentVersionFactory(
            kind=plan_kind, academic_year=YEAR - 1, title="Старый план-маркер", status=VersionStatus.SUPERSEDED
        )
        regulation = DocumentVersionFactory(kind=seeded_kind("mms-regulation"), title="Положение-маркер")
    every = body(client_a.get(VERSIONS_URL))
    assert all(title in every for title in ("План на год-маркер", "Старый план-маркер", "Положение-маркер"))
    assert "Добавить редакцию" in every

    def titles(query: str) -> set[str]:
        html = body(client_a.get(f"{VERSIONS_URL}?{query}"))
        return {v.title for v in (plan, old_plan, regulation) if v.title in html}

    assert titles(f"kind={plan_kind.pk}") == {"План на год-маркер", "Старый план-маркер"}
    assert titles("status=superseded") == {"Старый план-маркер"}
    assert titles(f"academic_year={YEAR}") == {"План на год-маркер"}
    assert titles("is_public=true") == {"План на год-маркер"}
    assert titles("q=Положение-маркер") == {"Положение-маркер"}
    assert titles("q=методической службе") == {"Положение-маркер"}


def test_the_list_links_files_with_type_and_size(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        version = DocumentVersionFactory(kind=seeded_kind("mms-regulation"))
    html = body(client_a.get(VERSIONS_URL))
    assert f'href="/admin/registry/files/{version.pk}/"' in html
    assert f"Файл (PDF, {version.file_label.split(', ')[1]})" in html


def test_staff_download_any_version(muni_a, client_a, seeded_kind):
    content = docx_bytes("Соглашение", ["не для сайта"])
    with tenant_context(muni_a):
        from django.core.files.base import ContentFile

        version = DocumentVersionFactory(
            kind=seeded_kind("tripartite-agreement"),
            file=ContentFile(content, name="a.docx"),
            file_format="docx",
            is_public=False,
        )
    response = client_a.get(f"/admin/registry/files/{version.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_a.get("/admin/registry/files/999999/").status_code == 404


# --- kinds ----------------------------------------------------------------------------------


def test_a_municipality_adds_its_own_kind(muni_a, client_a):
    response = client_a.post(
        f"{KINDS_URL}new/",
        {
            "name": "Положение о конкурсе «Учитель года»",
            "clause": "",
            "is_required": "on",
            "renewal": "standing",
            "order": "500",
        },
    )
    assert response.status_code == 302, body(response)
    assert messages_of(response) == ["Вид документа «Положение о конкурсе «Учитель года»» добавлен."]
    with tenant_context(muni_a):
        kind = DocumentKind.objects.get(name="Положение о конкурсе «Учитель года»")
    assert kind.is_required and not kind.is_seeded
    assert 'data-state="missing"' in body(client_a.get(NOMENCLATURE_URL))


def test_a_kind_of_the_regulations_is_not_deleted(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        kind = seeded_kind("mms-regulation")
    response = client_a.post(f"{KINDS_URL}delete/{kind.pk}/", follow=True)
    assert "Вид документа из номенклатуры положений удалить нельзя" in body(response)
    with tenant_context(muni_a):
        assert DocumentKind.objects.filter(pk=kind.pk).exists()


def test_an_unused_own_kind_is_deleted(muni_a, client_a):
    with tenant_context(muni_a):
        kind = DocumentKindFactory()
    response = client_a.post(f"{KINDS_URL}delete/{kind.pk}/")
    assert response.status_code == 302
    with tenant_context(muni_a):
        assert not DocumentKind.objects.filter(pk=kind.pk).exists()


def test_the_list_exports_to_csv(muni_a, client_a, seeded_kind):
    with tenant_context(muni_a):
        DocumentVersionFactory(kind=seeded_kind("annual-plan"), academic_year=YEAR, title="План-экспорт")
    response = client_a.get(f"{VERSIONS_URL}?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "План-экспорт" in content and "Годовой план работы ММС на учебный год" in content
