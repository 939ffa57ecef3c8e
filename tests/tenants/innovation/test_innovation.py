"""The innovation projects register: status moves with their history and rules, reports, the public
page (public projects and public products only), isolation from another municipality and outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import Role
from audit.models import AuditEntry
from tenants.academic_years import AcademicYear
from tenants.innovation.models import InnovationLevel, InnovationPage, InnovationStatus
from tenants.innovation.services import innovation_project_create, innovation_report_create, innovation_status_change
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.resources.factories import ResourceFactory

S = InnovationStatus
TODAY = datetime.date.today()


def innovation_url_in(municipality) -> str:
    with tenant_context(municipality):
        page = InnovationPage.objects.live().first()
        if page is None:
            home = Site.objects.get(is_default_site=True).root_page
            page = InnovationPage(title="Инновационная деятельность", slug="innovacii")
            home.add_child(instance=page)
            page.save_revision().publish()
        return page.get_url()


@pytest.fixture
def project(muni_a):
    with tenant_context(muni_a):
        return innovation_project_create(
            title="Цифровая образовательная среда школы",
            organisations=[OrganisationFactory(short_name="МБОУ «Лицей № 8»")],
            level=InnovationLevel.REGIONAL,
            starts_on=TODAY,
            ends_on=TODAY + datetime.timedelta(days=700),
            goals="Модель цифровой среды",
            products=[
                ResourceFactory(title="Методичка по цифровой среде", is_public=True),
                ResourceFactory(title="Внутренний черновик продукта", is_public=False),
            ],
            acting_user=None,
        )


def test_status_moves_by_the_rules_with_history(muni_a, project):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError):
            innovation_status_change(project=project, status=S.COMPLETED, acting_user=None)  # not from proposed
        innovation_status_change(project=project, status=S.ACTIVE, acting_user=None)
        with pytest.raises(ValidationError) as error:
            innovation_status_change(project=project, status=S.COMPLETED, acting_user=None)
        assert "отчёта" in " ".join(error.value.messages)
        innovation_report_create(project=project, academic_year=AcademicYear.current(), text="Итоги", acting_user=None)
        with pytest.raises(ValidationError):
            innovation_report_create(
                project=project, academic_year=AcademicYear.current(), text="Ещё", acting_user=None
            )
        innovation_status_change(project=project, status=S.COMPLETED, acting_user=None)
        with pytest.raises(ValidationError):
            innovation_status_change(project=project, status=S.STOPPED, reason="поздно", acting_user=None)
        history = list(project.status_changes.values_list("from_status", "to_status"))
        assert history == [("", S.PROPOSED), (S.PROPOSED, S.ACTIVE), (S.ACTIVE, S.COMPLETED)]
    assert AuditEntry.objects.filter(action="innovation_project.status").count() == 2


def test_stopping_needs_a_reason(muni_a, project):
    with tenant_context(muni_a):
        with pytest.raises(ValidationError):
            innovation_status_change(project=project, status=S.STOPPED, acting_user=None)
        innovation_status_change(project=project, status=S.STOPPED, reason="Организация отказалась", acting_user=None)


def test_the_public_page_lists_public_projects_and_public_products(muni_a, muni_b, project, host_client):
    html = host_client(muni_a).get(innovation_url_in(muni_a)).content.decode()
    assert "Цифровая образовательная среда" in html and "Методичка по цифровой среде" in html
    assert "Внутренний черновик" not in html and "Лицей № 8" in html
    with tenant_context(muni_a):
        innovation_status_change(project=project, status=S.STOPPED, reason="Отказ", acting_user=None)
    assert "Цифровая образовательная среда" not in host_client(muni_a).get(innovation_url_in(muni_a)).content.decode()
    assert "Цифровая" not in host_client(muni_b).get(innovation_url_in(muni_b)).content.decode()


def test_the_status_screen_by_role_and_municipality(muni_a, muni_b, project, methodologist_a, host_client, make_user):
    url = f"/admin/innovation/projects/{project.pk}/status/"
    client = host_client(muni_a, methodologist_a)
    assert "История статусов" in client.get(url).content.decode()
    client.post(url, {"status": S.ACTIVE, "reason": ""})
    with tenant_context(muni_a):
        project.refresh_from_db()
        assert project.status == S.ACTIVE
    for user in (None, make_user(Role.TEACHER, muni_a), make_user(Role.HEAD, muni_b)):
        response = host_client(muni_a, user).post(url, {"status": S.STOPPED, "reason": "x"})
        assert response.status_code in (302, 403) and "login" in response.get("Location", "login"), user
    assert host_client(muni_b, make_user(Role.HEAD, muni_b)).get(url).status_code == 404
    with tenant_context(muni_a):
        project.refresh_from_db()
        assert project.status == S.ACTIVE


def test_demo_seed_is_idempotent(muni_a):
    from tenants.innovation.demo import PROJECTS, demo_seed
    from tenants.innovation.models import InnovationProject
    from tenants.organisations.models import OrganisationKind

    with tenant_context(muni_a):
        OrganisationFactory(kind=OrganisationKind.SCHOOL)
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert InnovationProject.objects.count() == len(PROJECTS)
        assert set(InnovationProject.objects.values_list("status", flat=True)) == {S.ACTIVE, S.COMPLETED}
        assert InnovationPage.objects.live().count() == 1


def _rollup_rows(municipality):
    from rollups.models import InnovationRollup

    return sorted(InnovationRollup.objects.filter(municipality=municipality).values_list("level", "status", "projects"))


def test_rollups_follow_each_change_and_equal_a_rebuild(muni_a, muni_b, project):
    from rollups.models import InnovationRollup
    from rollups.rebuild import rollups_rebuild

    assert _rollup_rows(muni_a) == [(InnovationLevel.REGIONAL, S.PROPOSED, 1)]
    with tenant_context(muni_a):
        innovation_status_change(project=project, status=S.ACTIVE, acting_user=None)
    with tenant_context(muni_b):
        innovation_project_create(
            title="Б",
            organisations=[OrganisationFactory()],
            level=InnovationLevel.MUNICIPAL,
            starts_on=TODAY,
            ends_on=TODAY,
            goals="цели",
            acting_user=None,
        )
    incremental = (_rollup_rows(muni_a), _rollup_rows(muni_b))
    assert incremental == ([(InnovationLevel.REGIONAL, S.ACTIVE, 1)], [(InnovationLevel.MUNICIPAL, S.PROPOSED, 1)])
    InnovationRollup.objects.all().delete()
    rollups_rebuild(names=["innovation"])
    assert (_rollup_rows(muni_a), _rollup_rows(muni_b)) == incremental
