"""The region-wide public list of innovation projects on the portal (issue 16): the rows each
municipality writes with every change equal a rebuild from the schemas; the portal shows public
projects that were not stopped, found by Russian word forms and filtered by municipality, level and
status, linking to the municipality's page and its materials; B's changes never touch A's rows;
the municipality's own page links its products and the region's list; the demo fills it."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context

from regional_banks.models import InnovationProjectEntry
from rollups.rebuild import rollups_rebuild
from tenants.audited_actions import audited_delete, audited_update
from tenants.innovation.models import InnovationLevel, InnovationPage, InnovationProject, InnovationStatus
from tenants.innovation.services import innovation_project_create, innovation_status_change
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.selectors import municipality_base_url
from tests.tenants.innovation.test_innovation import innovation_url_in
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.resources.factories import ResourceFactory, document_upload
from tests.tenants.resources.test_pages import bank_url_in

S = InnovationStatus
L = InnovationLevel
TODAY = datetime.date.today()
PORTAL = "/innovation/"


def _project(title: str, *, level: str = L.MUNICIPAL, organisations=(), products=(), is_public: bool = True):
    return innovation_project_create(
        title=title,
        organisations=list(organisations) or [OrganisationFactory()],
        level=level,
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=730),
        goals=f"Цели: {title.lower()}",
        stages="1-й год — подготовка\n2-й год — апробация",
        products=products,
        is_public=is_public,
        acting_user=None,
    )


def _rows(municipality: Municipality) -> list[tuple]:
    return sorted(
        InnovationProjectEntry.objects.filter(municipality=municipality).values_list(
            "project_id", "title", "level", "status", "organisations", "goals", "stages", "products", "page_path",
            "is_public",
        )
    )  # fmt: skip


@pytest.fixture
def projects_a(muni_a):
    with tenant_context(muni_a):
        innovation_url_in(muni_a)
        bank_url_in(muni_a)
        lyceum = OrganisationFactory(short_name="МБОУ «Лицей № 8»")
        assessment = _project(
            "Формирующее оценивание в основной школе",
            level=L.REGIONAL,
            organisations=[lyceum],
            products=[
                ResourceFactory(title="Методичка по оцениванию", is_public=True),
                ResourceFactory(
                    title="Сборник заданий", is_public=True, file=document_upload("pdf", "Задания для оценивания")
                ),
                ResourceFactory(title="Черновик продукта", is_public=False),
            ],
        )
        innovation_status_change(project=assessment, status=S.ACTIVE, acting_user=None)
        careers = _project("Школа — центр профориентации")
        hidden = _project("Внутренний проект службы", is_public=False)
        stopped = _project("Остановленный проект")
        innovation_status_change(project=stopped, status=S.STOPPED, reason="Отказ школы", acting_user=None)
        return {"assessment": assessment, "careers": careers, "hidden": hidden, "stopped": stopped, "lyceum": lyceum}


def test_the_list_follows_each_change_and_equals_a_rebuild(muni_a, muni_b, projects_a):
    with tenant_context(muni_b):
        _project("Сетевая модель дополнительного образования", level=L.FEDERAL)
    with tenant_context(muni_a):
        # An organisation renamed and a material hidden reach the region's rows in their own change.
        lyceum = projects_a["lyceum"]
        lyceum.short_name = "МАОУ «Лицей № 8»"
        audited_update(lyceum, acting_user=None)
        assessment_id = projects_a["assessment"].pk

        def entry() -> InnovationProjectEntry:  # rewritten whole with each change: fetched anew
            return InnovationProjectEntry.objects.get(municipality=muni_a, project_id=assessment_id)

        assert entry().organisations == "МАОУ «Лицей № 8»"
        extra = ResourceFactory(title="Памятка для родителей", is_public=True)
        projects_a["assessment"].products.add(extra)  # a plain m2m add: the material's own change follows
        extra.is_public = False
        audited_update(extra, acting_user=None)
        assert "Памятка для родителей" not in {p["title"] for p in entry().products}
        extra.is_public = True
        audited_update(extra, acting_user=None)
        assert "Памятка для родителей" in {p["title"] for p in entry().products}
        projects_a["assessment"].products.remove(extra)
        draft = InnovationProject.objects.get(pk=projects_a["careers"].pk)
        draft.title = "Школа — центр профориентации муниципалитета"
        audited_update(draft, acting_user=None)
        audited_delete(InnovationProject.objects.get(pk=projects_a["hidden"].pk), acting_user=None)
    incremental = (_rows(muni_a), _rows(muni_b))
    by_title = {row[1]: row for row in incremental[0]}
    assert set(by_title) == {
        "Формирующее оценивание в основной школе",
        "Школа — центр профориентации муниципалитета",
        "Остановленный проект",
    }
    assessment = by_title["Формирующее оценивание в основной школе"]
    assert assessment[2:5] == (L.REGIONAL, S.ACTIVE, "МАОУ «Лицей № 8»")
    products = {p["title"]: p["url"] for p in assessment[7]}
    assert set(products) == {"Методичка по оцениванию", "Сборник заданий"}  # public materials only
    assert products["Методичка по оцениванию"] == "https://example.org/materials/1"
    with tenant_context(muni_a):
        bank = bank_url_in(muni_a)
        page = innovation_url_in(muni_a)
    assert products["Сборник заданий"].startswith(bank) and products["Сборник заданий"].endswith("/")
    assert assessment[8] == page
    assert [row[1] for row in incremental[1]] == ["Сетевая модель дополнительного образования"]
    InnovationProjectEntry.objects.all().delete()
    rollups_rebuild(names=["innovation_bank"])
    assert (_rows(muni_a), _rows(muni_b)) == incremental
    from tenants.innovation.tasks import innovation_bank_rebuild_task

    InnovationProjectEntry.objects.all().delete()
    innovation_bank_rebuild_task()  # the nightly task: the same rows
    assert (_rows(muni_a), _rows(muni_b)) == incremental


def test_a_change_in_b_writes_only_bs_rows(muni_a, muni_b, projects_a):
    before = _rows(muni_a)
    with tenant_context(muni_b):
        project = _project("Проект другого муниципалитета")
        innovation_status_change(project=project, status=S.ACTIVE, acting_user=None)
    assert _rows(muni_a) == before
    assert [row[1] for row in _rows(muni_b)] == ["Проект другого муниципалитета"]


def test_the_portal_shows_public_projects_not_stopped_with_links(muni_a, muni_b, projects_a, host_client):
    with tenant_context(muni_b):
        _project("Сетевая модель дополнительного образования", level=L.FEDERAL)
    html = host_client(None).get(PORTAL).content.decode()
    assert "Формирующее оценивание в основной школе" in html and "Школа — центр профориентации" in html
    assert "Сетевая модель дополнительного образования" in html and muni_b.name in html
    assert "Внутренний проект службы" not in html and "Остановленный проект" not in html
    assert "Черновик продукта" not in html
    site = municipality_base_url(muni_a)
    assessment = projects_a["assessment"]
    with tenant_context(muni_a):
        page = innovation_url_in(muni_a)
    assert f'href="{site}' in html and f'{page}#project-{assessment.pk}"' in html
    assert 'href="https://example.org/materials/1"' in html  # a material elsewhere keeps its own link
    assert "МБОУ «Лицей № 8»" in html.replace("&laquo;", "«").replace("&raquo;", "»")


def test_the_portal_searches_russian_word_forms_and_filters(muni_a, muni_b, projects_a, host_client):
    with tenant_context(muni_b):
        _project("Сетевая модель дополнительного образования", level=L.FEDERAL)
    client = host_client(None)

    def titles(**query) -> set[str]:
        html = client.get(PORTAL, query).content.decode()
        known = (
            "Формирующее оценивание в основной школе",
            "Школа — центр профориентации",
            "Сетевая модель дополнительного образования",
        )
        return {title for title in known if title in html}

    assert titles(q="оцениванием") == {"Формирующее оценивание в основной школе"}  # another form of the word
    assert titles(q="сетевые модели") == {"Сетевая модель дополнительного образования"}
    assert titles(q="лицей") == {"Формирующее оценивание в основной школе"}  # by its organisation
    assert titles(municipality=muni_b.pk) == {"Сетевая модель дополнительного образования"}
    assert titles(level=L.REGIONAL) == {"Формирующее оценивание в основной школе"}
    assert titles(status=S.PROPOSED) == {"Школа — центр профориентации", "Сетевая модель дополнительного образования"}
    assert titles(status=S.STOPPED) == titles()  # not a public status: the filter is ignored
    assert "Остановленный проект" not in client.get(PORTAL, {"status": S.STOPPED}).content.decode()
    assert titles(level="unknown", municipality="x") == titles()
    assert client.get(PORTAL, {"q": "\x00" * 5 + "я" * 500}).status_code == 200
    Municipality.objects.filter(pk=muni_b.pk).update(status=MunicipalityStatus.ARCHIVED)
    assert "Сетевая модель дополнительного образования" not in titles()


def test_the_portal_links_the_list_and_answers_on_the_region_host_only(muni_a, host_client):
    assert f'href="{PORTAL}"' in host_client(None).get("/").content.decode()
    assert host_client(None).post(PORTAL).status_code == 405
    assert host_client(muni_a).get(PORTAL).status_code == 404


def test_the_municipal_page_links_products_and_the_regions_list(muni_a, projects_a, host_client):
    with tenant_context(muni_a):
        page = innovation_url_in(muni_a)
        bank = bank_url_in(muni_a)
        product = projects_a["assessment"].products.get(title="Сборник заданий")
    html = host_client(muni_a).get(page).content.decode()
    assert f'id="project-{projects_a["assessment"].pk}"' in html
    assert f'href="{bank}file/{product.pk}/"' in html
    assert 'href="https://example.org/materials/1"' in html
    assert f'{PORTAL}"' in html  # the region's list of every municipality's projects
    assert host_client(muni_a).get(f"{bank}file/{product.pk}/").status_code == 200


def test_demo_fills_the_regions_list_with_links(muni_a):
    from tenants.innovation.demo import PROJECTS, demo_seed
    from tenants.organisations.models import OrganisationKind

    with tenant_context(muni_a):
        OrganisationFactory(kind=OrganisationKind.SCHOOL)
        demo_seed(muni_a)
        page = InnovationPage.objects.live().get().get_url()
    rows = _rows(muni_a)
    assert len(rows) == len(PROJECTS)
    assert {row[8] for row in rows} == {page}
