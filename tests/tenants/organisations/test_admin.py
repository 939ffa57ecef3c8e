"""The organisations register in the Wagtail admin: list, filters, search, form, history, import, export."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.organisations.models import Organisation, OrganisationKind, SiteKind
from tests.tenants.imports.files import xlsx_bytes, xlsx_rows
from tests.tenants.organisations.factories import OrganisationFactory, OrganisationSiteStatusFactory
from tests.tenants.people.factories import TeacherFactory

INDEX = "/admin/organisations/"


def organisation_form(*statuses: dict[str, str], **overrides: str) -> dict[str, str]:
    data = {
        "short_name": "МБОУ «СОШ № 1»",
        "full_name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»",
        "kind": OrganisationKind.SCHOOL,
        "inn": "4714012344",
        "address": "",
        "head_name": "",
        "phone": "",
        "email": "",
        "website": "",
        "is_active": "on",
        "site_statuses-TOTAL_FORMS": str(len(statuses)),
        "site_statuses-INITIAL_FORMS": "0",
        "site_statuses-MIN_NUM_FORMS": "0",
        "site_statuses-MAX_NUM_FORMS": "1000",
    }
    for index, status in enumerate(statuses):
        data.update({f"site_statuses-{index}-{key}": value for key, value in status.items()})
        data[f"site_statuses-{index}-id"] = ""
    return {**data, **overrides}


@pytest.fixture
def client_a(host_client, muni_a, methodologist_a):
    return host_client(muni_a, methodologist_a)


def test_list_filters_and_search(client_a, muni_a):
    with tenant_context(muni_a):
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 8»")
        OrganisationSiteStatusFactory(organisation=lyceum, kind=SiteKind.INTERNSHIP)
        OrganisationFactory(short_name="МБДОУ «Детский сад № 7»", kind=OrganisationKind.KINDERGARTEN)
    body = client_a.get(INDEX).content.decode()
    assert "Лицей № 8" in body and "Детский сад № 7" in body and "Стажировочная площадка" in body
    filtered = client_a.get(INDEX, {"kind": OrganisationKind.KINDERGARTEN}).content.decode()
    assert "Детский сад № 7" in filtered and "Лицей № 8" not in filtered
    sites = client_a.get(INDEX, {"site_kind": SiteKind.INTERNSHIP}).content.decode()
    assert "Лицей № 8" in sites and "Детский сад № 7" not in sites
    found = client_a.get(INDEX, {"q": "лицей"}).content.decode()
    assert "Лицей № 8" in found and "Детский сад № 7" not in found


def test_create_with_a_site_status(client_a, muni_a, methodologist_a):
    status = {
        "kind": SiteKind.INNOVATION,
        "topic": "Цифровая среда",
        "valid_from": "2024-09-01",
        "valid_to": "",
        "order_number": "388-р",
        "order_date": "2024-08-20",
    }
    response = client_a.post(f"{INDEX}new/", organisation_form(status))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(muni_a):
        organisation = Organisation.objects.get(inn="4714012344")
        assert [s.kind for s in organisation.site_statuses.all()] == [SiteKind.INNOVATION]
    audit = AuditEntry.objects.get(action="organisation.create")
    assert audit.actor_id == methodologist_a.pk


def test_bad_inn_is_refused_with_a_russian_message(client_a, muni_a):
    response = client_a.post(f"{INDEX}new/", organisation_form(inn="4714012345"))
    assert response.status_code == 200
    assert "ИНН «4714012345» не проходит проверку контрольной цифры." in response.content.decode()
    bad_period = {
        "kind": SiteKind.BASE,
        "topic": "",
        "valid_from": "2024-09-01",
        "valid_to": "2024-01-01",
        "order_number": "1",
        "order_date": "2024-08-20",
    }
    response = client_a.post(f"{INDEX}new/", organisation_form(bad_period))
    assert "Дата окончания раньше даты начала." in response.content.decode()
    with tenant_context(muni_a):
        assert not Organisation.objects.exists()


def test_edit_and_history(client_a, muni_a):
    with tenant_context(muni_a):
        organisation = OrganisationFactory(inn="4714012344")
    form = organisation_form(
        short_name=organisation.short_name,
        full_name=organisation.full_name,
        address=organisation.address,
        head_name="Петрова Анна Сергеевна",
    )
    response = client_a.post(f"{INDEX}edit/{organisation.pk}/", form)
    assert response.status_code == 302
    with tenant_context(muni_a):
        organisation.refresh_from_db()
    assert organisation.head_name == "Петрова Анна Сергеевна"
    history = client_a.get(f"{INDEX}history/{organisation.pk}/")
    assert history.status_code == 200
    assert AuditEntry.objects.get(action="organisation.update").data["fields"] == ["head_name"]


def test_delete_with_teachers_is_refused_with_a_message(client_a, muni_a):
    with tenant_context(muni_a):
        organisation = TeacherFactory().organisation
    response = client_a.post(f"{INDEX}delete/{organisation.pk}/", follow=True)
    assert "нельзя удалить: с ней связаны педагоги" in response.content.decode()
    with tenant_context(muni_a):
        assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_import_upload_preview_confirm(client_a, muni_a):
    data = xlsx_bytes(
        [
            ["ИНН", "Краткое наименование", "Полное наименование", "Тип"],
            ["4714012344", "МБОУ «СОШ № 1»", "Средняя общеобразовательная школа № 1", "школа"],
            ["4714000010", "МБДОУ «Детский сад № 7»", "Детский сад № 7", "ДОУ"],
        ]
    )
    assert client_a.get(f"{INDEX}import/").status_code == 200
    upload = client_a.post(f"{INDEX}import/", {"file": SimpleUploadedFile("орг.xlsx", data)})
    assert upload.status_code == 302
    preview_url = upload["Location"]
    preview = client_a.get(preview_url).content.decode()
    assert "Будет добавлено: 2, обновлено: 0" in preview
    assert "data-import-confirm" in preview
    with tenant_context(muni_a):
        assert not Organisation.objects.exists()  # nothing before the confirmation
    confirm = client_a.post(preview_url, follow=True)
    assert "Импорт выполнен: добавлено 2, обновлено 0, без изменений 0." in confirm.content.decode()
    with tenant_context(muni_a):
        assert Organisation.objects.count() == 2
    # The upload is gone once applied.
    assert client_a.get(preview_url).status_code == 404


def test_import_with_errors_shows_them_and_applies_nothing(client_a, muni_a):
    data = xlsx_bytes(
        [
            ["ИНН", "Краткое наименование", "Полное наименование", "Тип"],
            ["4714012344", "МБОУ «СОШ № 1»", "Школа № 1", "школа"],
            ["4714012345", "МБОУ «СОШ № 2»", "Школа № 2", "школа"],
        ]
    )
    preview_url = client_a.post(f"{INDEX}import/", {"file": SimpleUploadedFile("орг.xlsx", data)})["Location"]
    preview = client_a.get(preview_url).content.decode()
    assert "не проходит проверку контрольной цифры" in preview
    assert "<td>3</td>" in preview
    assert "data-import-confirm" not in preview
    refused = client_a.post(preview_url)
    assert refused.status_code == 200
    assert "Импорт не выполнен" in refused.content.decode()
    with tenant_context(muni_a):
        assert not Organisation.objects.exists()


def test_template_and_export(client_a, muni_a):
    template = client_a.get(f"{INDEX}import/template/")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx_rows(template.content)[0][:4] == ("ИНН", "Краткое наименование", "Полное наименование", "Тип")
    with tenant_context(muni_a):
        school = OrganisationFactory(short_name="МБОУ «СОШ № 1»")
        OrganisationFactory(short_name="МБДОУ «Детский сад № 7»", kind=OrganisationKind.KINDERGARTEN)
    export = client_a.get(INDEX, {"export": "xlsx", "kind": OrganisationKind.SCHOOL})
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    rows = xlsx_rows(export.content)
    assert rows[1:] == [
        (
            school.inn,
            "МБОУ «СОШ № 1»",
            school.full_name,
            "Общеобразовательная организация",
            school.address,
            school.head_name,
            None,
            None,
            None,
            "да",
        )
    ]
    csv = client_a.get(INDEX, {"export": "csv"})
    assert io.BytesIO(csv.content).read(3) == b"\xef\xbb\xbf"


def test_chair_reads_the_list_but_cannot_import(host_client, make_user, muni_a):
    chair = make_user(Role.CHAIR, muni_a)
    client = host_client(muni_a, chair)
    body = client.get(INDEX).content.decode()
    assert "Импорт из файла" not in body
    for url in (f"{INDEX}import/", f"{INDEX}import/template/", f"{INDEX}new/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
