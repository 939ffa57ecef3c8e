"""Starter content: seeded once into the template schema, personalised at provisioning.

Pages are created live without revisions, so renaming them at provisioning with a plain update
leaves no stale revision for the editor to load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from wagtail.models import Page, Site

from cms.home.models import HomePage, StandardPage

if TYPE_CHECKING:
    from tenants.municipalities.models import Municipality

TEMPLATE_HOSTNAME = "template.invalid"
TEMPLATE_TITLE = "Муниципальная методическая служба"

STARTER_SECTIONS = [
    ("o-sluzhbe", "О службе", "Положение о методической службе, структура, сотрудники и направления работы."),
    ("novosti", "Новости", "Новости методической службы."),
    ("meropriyatiya", "Мероприятия", "Семинары, конференции, мастер-классы и конкурсы для педагогов."),
    ("dokumenty", "Документы", "Нормативные документы, планы и отчёты методической службы."),
    ("metodicheskie-obedineniya", "Методические объединения", "Городские методические объединения педагогов."),
    ("kontakty", "Контакты", "Адрес, телефоны и электронная почта методической службы."),
]


@transaction.atomic
def starter_site_seed() -> HomePage:
    """Replace Wagtail's welcome page with the starter site, in the current (template) schema."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title=TEMPLATE_TITLE, slug="home", intro="", live=True, show_in_menus=False)
    )
    for slug, title, intro in STARTER_SECTIONS:
        home.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, live=True, show_in_menus=True))
    Site.objects.create(
        hostname=TEMPLATE_HOSTNAME, port=80, root_page=home, is_default_site=True, site_name=TEMPLATE_TITLE
    )
    return home


def starter_site_configure(*, municipality: Municipality, hostname: str) -> Site:
    """Point the cloned site at the municipality's host and name it; runs in its schema."""
    from wagtail.search.backends import get_search_backend

    site = Site.objects.select_related("root_page").get(is_default_site=True)
    site.hostname = hostname
    site.site_name = municipality.short_name
    site.save()
    title = municipality.short_name
    intro = f"Муниципальная методическая служба: {municipality.name}."
    Page.objects.filter(pk=site.root_page_id).update(title=title, draft_title=title, seo_title="")
    HomePage.objects.filter(pk=site.root_page_id).update(intro=intro)
    home = HomePage.objects.get(pk=site.root_page_id)
    get_search_backend().add(home)
    return site
