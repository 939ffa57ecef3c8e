"""Demo innovation projects of one municipality (inside its schema): a regional and a municipal
innovation site in progress (one with a yearly report and a product from the resource bank), a
completed federal project, and the public page; the region's list of projects follows. Runs after
the organisations, people and resources demos. Idempotent: a project is found by its title.
"""

from __future__ import annotations

import datetime

from wagtail.models import Site

from tenants.academic_years import AcademicYear
from tenants.innovation.bank import innovation_bank_refresh
from tenants.innovation.models import InnovationLevel, InnovationPage, InnovationProject, InnovationStatus
from tenants.innovation.services import innovation_project_create, innovation_report_create, innovation_status_change
from tenants.municipalities.models import Municipality
from tenants.organisations.models import Organisation, OrganisationKind
from tenants.people.models import Methodologist
from tenants.resources.models import Resource

PROJECTS = (
    ("Формирующее оценивание в основной школе", InnovationLevel.REGIONAL, InnovationStatus.ACTIVE),
    ("Школа — центр профориентации муниципалитета", InnovationLevel.MUNICIPAL, InnovationStatus.ACTIVE),
    ("Сетевая модель дополнительного образования", InnovationLevel.FEDERAL, InnovationStatus.COMPLETED),
)


def _page() -> None:
    if InnovationPage.objects.exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = InnovationPage(title="Инновационная деятельность", slug="innovacii")
    home.add_child(instance=page)
    page.save_revision().publish()


def demo_seed(municipality: Municipality) -> None:
    schools = list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("pk")[:3])
    if not schools:
        return
    year = AcademicYear.current()
    responsible = Methodologist.objects.order_by("pk").first()
    product = Resource.objects.filter(is_public=True).order_by("pk").first()
    for index, (title, level, status) in enumerate(PROJECTS):
        if InnovationProject.objects.filter(title=title).exists():
            continue
        starts = year.first_day - datetime.timedelta(days=365 * (2 if status == InnovationStatus.COMPLETED else 1))
        project = innovation_project_create(
            title=title,
            organisations=[schools[index % len(schools)]],
            level=level,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=3 * 365),
            goals=f"Разработать и апробировать: {title.lower()}.",
            stages="1-й год — подготовительный\n2-й год — апробация\n3-й год — обобщение и распространение",
            responsible=responsible,
            products=[product] if product is not None and index == 0 else [],
            acting_user=None,
        )
        innovation_status_change(project=project, status=InnovationStatus.ACTIVE, acting_user=None)
        innovation_report_create(
            project=project, academic_year=year.previous(), text="Этап выполнен по плану.", acting_user=None
        )
        if status == InnovationStatus.COMPLETED:
            innovation_status_change(project=project, status=status, acting_user=None)
    _page()
    innovation_bank_refresh()  # the region's list links to the page made just now
