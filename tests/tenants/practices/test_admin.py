"""The practice bank in the municipality's Wagtail admin, through the test client."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.practices.models import Practice, PracticeStatus
from tenants.practices.services import MaterialData, practice_status_change
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.people.factories import TeacherFactory
from tests.tenants.practices.factories import PracticeFactory
from tests.tenants.resources.factories import document_upload

INDEX = "/admin/practices/"
S = PracticeStatus


def materials_formset(*rows: dict) -> dict:
    data = {
        "materials-TOTAL_FORMS": str(len(rows)),
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"materials-{i}-{k}": v for k, v in row.items()})
        data.update({f"materials-{i}-ORDER": str(i + 1), f"materials-{i}-id": ""})
    return data


def test_methodologist_proposes_a_practice_with_a_material_file(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        school = OrganisationFactory()
        author = TeacherFactory(organisation=school)
    client = host_client(muni_a, methodologist_a)
    assert client.get(f"{INDEX}new/").status_code == 200
    response = client.post(
        f"{INDEX}new/",
        {
            "title": "Смысловое чтение на уроках истории",
            "authors": [author.pk],
            "organisation": school.pk,
            "level": "municipal",
            "description": "Приёмы работы с историческим источником.",
            **materials_formset(
                {"title": "Технологическая карта", "file": document_upload("docx", "Этапы урока."), "link": ""}
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[-4000:]
    with tenant_context(muni_a):
        practice = Practice.objects.get(title="Смысловое чтение на уроках истории")
        assert practice.status == S.PROPOSED and practice.created_by == methodologist_a
        assert list(practice.authors.all()) == [author]
        material = practice.materials.get()
        assert material.file_kind == "docx"
    assert AuditEntry.objects.filter(action="practice.create", actor=methodologist_a).exists()
    download = client.get(f"{INDEX}material/{material.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_making_a_proposed_practice_public_is_refused_in_russian(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        practice = PracticeFactory()
        author = practice.authors.get()
    response = host_client(muni_a, methodologist_a).post(
        f"{INDEX}edit/{practice.pk}/",
        {
            "title": practice.title,
            "authors": [author.pk],
            "organisation": practice.organisation_id,
            "level": practice.level,
            "description": practice.description,
            "is_public": "on",
            **materials_formset(),
        },
    )
    assert response.status_code == 200
    assert "Показывать на сайте можно только практику, рекомендованную к распространению." in response.content.decode()
    with tenant_context(muni_a):
        assert not Practice.objects.get(pk=practice.pk).is_public


def test_status_screen_records_the_decision(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        practice = PracticeFactory(title="Наставничество «учитель — учитель»")
    client = host_client(muni_a, methodologist_a)
    url = f"{INDEX}status/{practice.pk}/"
    page = client.get(url).content.decode()
    assert "Рассмотрена экспертным советом" in page and "Рекомендована к распространению" not in page
    refused = client.post(url, {"status": S.REJECTED, "comment": ""})
    assert refused.status_code == 200 and "Укажите, почему практика отклонена." in refused.content.decode()
    skipped = client.post(url, {"status": S.RECOMMENDED})
    assert skipped.status_code == 200 and "Выберите корректный вариант" in skipped.content.decode()
    done = client.post(url, {"status": S.REVIEWED, "comment": "Протокол № 3"})
    assert done.status_code == 302 and done["Location"] == f"{INDEX}inspect/{practice.pk}/"
    inspect = client.get(done["Location"]).content.decode()
    assert "Протокол № 3" in inspect and "Рассмотрена экспертным советом" in inspect
    with tenant_context(muni_a):
        practice.refresh_from_db()
        assert practice.status == S.REVIEWED and practice.status_changed_by == methodologist_a
    history = client.get(f"{INDEX}history/{practice.pk}/").content.decode()
    assert "Статус: Рассмотрена экспертным советом" in history


def test_readers_see_but_cannot_decide_or_edit(muni_a, make_user, host_client):
    chair = make_user(Role.CHAIR, muni_a)
    with tenant_context(muni_a):
        practice = PracticeFactory(title="Читаемая практика")
    client = host_client(muni_a, chair)
    assert "Читаемая практика" in client.get(INDEX).content.decode()
    assert client.get(f"{INDEX}inspect/{practice.pk}/").status_code == 200
    for response in (
        client.get(f"{INDEX}status/{practice.pk}/"),
        client.post(f"{INDEX}status/{practice.pk}/", {"status": S.REVIEWED}),
    ):
        # Wagtail answers a PermissionDenied in its admin with the dashboard and a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(f"{INDEX}edit/{practice.pk}/").status_code in (302, 403)
    with tenant_context(muni_a):
        assert Practice.objects.get(pk=practice.pk).status == S.PROPOSED


def test_listing_filters_and_search(muni_a, methodologist_a, host_client):
    with tenant_context(muni_a):
        PracticeFactory(title="Финансовая грамотность")
        decided = PracticeFactory(title="Кейс-метод на уроках химии")
        practice_status_change(practice=decided, status=S.REVIEWED, acting_user=methodologist_a)
    client = host_client(muni_a, methodologist_a)
    reviewed = client.get(INDEX, {"status": S.REVIEWED}).content.decode()
    assert "Кейс-метод" in reviewed and "Финансовая" not in reviewed
    searched = client.get(INDEX, {"q": "грамотность"}).content.decode()
    assert "Финансовая" in searched and "Кейс-метод" not in searched


def test_methodologist_of_b_gets_nothing_of_as(muni_a, muni_b, make_user, host_client):
    with tenant_context(muni_a):
        practice = PracticeFactory(
            title="Альфа-практика", materials=[MaterialData(title="Файл", file=document_upload("pdf", "Альфа."))]
        )
        material = practice.materials.get()
    methodologist_b = make_user(Role.METHODOLOGIST, muni_b)
    on_a = host_client(muni_a, methodologist_b)
    for url in (
        INDEX,
        f"{INDEX}inspect/{practice.pk}/",
        f"{INDEX}status/{practice.pk}/",
        f"{INDEX}material/{material.pk}/",
    ):
        response = on_a.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Альфа-практика" not in response.content.decode()
    on_b = host_client(muni_b, methodologist_b)
    assert "Альфа-практика" not in on_b.get(INDEX).content.decode()
    for url in (f"{INDEX}inspect/{practice.pk}/", f"{INDEX}status/{practice.pk}/", f"{INDEX}material/{material.pk}/"):
        assert on_b.get(url).status_code == 404, url
    assert on_b.post(f"{INDEX}status/{practice.pk}/", {"status": S.REVIEWED}).status_code == 404
    with tenant_context(muni_a):
        assert Practice.objects.get(pk=practice.pk).status == S.PROPOSED
