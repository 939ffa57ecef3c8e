"""Starter content: seeded once into the template schema, personalised at provisioning.

Pages are created live without revisions, so renaming them at provisioning with a plain update
leaves no stale revision for the editor to load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from cms.home.models import HomePage, StandardPage

if TYPE_CHECKING:
    from tenants.municipalities.models import Municipality

TEMPLATE_HOSTNAME = "template.invalid"
FIRST_ARTICLE_SLUG = "sajt-otkryt"
FIRST_ARTICLE_TITLE = "Сайт методической службы открыт"
FIRST_ARTICLE_INTRO = (
    "На сайте публикуются новости, мероприятия, документы и материалы методической службы для педагогов."
)
TEMPLATE_TITLE = "Муниципальная методическая служба"

# (slug, title, intro, page type "app_label.ModelName"), in menu order.
STARTER_SECTIONS = [
    (
        "o-sluzhbe",
        "О службе",
        "Положение о методической службе, структура, сотрудники и направления работы.",
        "cms_home.StandardPage",
    ),
    ("novosti", "Новости", "Новости методической службы.", "cms_news.NewsIndexPage"),
    (
        "meropriyatiya",
        "Мероприятия",
        "Семинары, конференции, мастер-классы и конкурсы для педагогов.",
        "events.EventCalendarPage",
    ),
    (
        "dokumenty",
        "Документы",
        "Нормативные документы, планы и отчёты методической службы.",
        "registry.DocumentRegisterPage",
    ),
    (
        "metodicheskie-obedineniya",
        "Методические объединения",
        "Городские методические объединения педагогов.",
        "cms_home.AssociationIndexPage",
    ),
    (
        "bank-materialov",
        "Банк педагогической информации",
        "Нормативно-правовые, научно-методические и методические материалы, новинки литературы.",
        "resources.ResourceBankPage",
    ),
    (
        "luchshie-praktiki",
        "Лучшие практики",
        "Передовой педагогический опыт педагогов муниципалитета.",
        "practices.PracticeIndexPage",
    ),
    (
        "zadat-vopros",
        "Задать вопрос методисту",
        "Педагоги, руководители объединений и родители могут задать вопрос методической службе.",
        "consultations.ConsultationRequestPage",
    ),
    ("kontakty", "Контакты", "Адрес, телефоны и электронная почта методической службы.", "cms_home.ContactPage"),
]


@transaction.atomic
def starter_site_seed() -> HomePage:
    """The starter site in the current (template) schema: Wagtail's welcome page replaced by the
    home page, and every starter section present with its page type. Idempotent; sections the
    starter site gained later are added, and an empty plain page standing where a section now has
    its own type is replaced (the template holds no content of its own)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        for child in root.get_children():
            child.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title=TEMPLATE_TITLE, slug="home", intro="", live=True, show_in_menus=False)
        )
        Site.objects.create(
            hostname=TEMPLATE_HOSTNAME, port=80, root_page=home, is_default_site=True, site_name=TEMPLATE_TITLE
        )
    starter_sections_ensure(home, replace_plain=True)
    starter_first_article_ensure(home)
    starter_branding_ensure()
    return home


def starter_branding_ensure() -> None:
    """The site's branding row with the default look, so that no visitor's request creates it."""
    from cms.base.models import SiteBranding

    for site in Site.objects.all():
        SiteBranding.for_site(site)


def starter_first_article_ensure(home: Page) -> Page | None:
    """The news section's first article, so that a new site's news is not empty on day one."""
    from cms.news.models import NewsIndexPage, NewsPage

    news = NewsIndexPage.objects.child_of(home).first()
    if news is None or news.get_children().exists():
        return None
    return news.add_child(
        instance=NewsPage(
            title=FIRST_ARTICLE_TITLE,
            slug=FIRST_ARTICLE_SLUG,
            intro=FIRST_ARTICLE_INTRO,
            live=True,
            show_in_menus=False,
        )
    )


def starter_sections_ensure(home: Page, *, replace_plain: bool = False) -> list[Page]:
    """Create the starter sections missing under ``home``, in menu order; returns those created."""
    from django.apps import apps

    created = []
    children = {child.slug: child for child in home.get_children().specific()}
    for slug, title, intro, type_name in STARTER_SECTIONS:
        model = apps.get_model(type_name)
        existing = children.get(slug)
        if existing is not None:
            is_plain = type(existing) is StandardPage and model is not StandardPage
            if not (replace_plain and is_plain and not existing.get_children().exists()):
                continue
            existing.delete()
            home.refresh_from_db()
        page = home.add_child(instance=model(title=title, slug=slug, intro=intro, live=True, show_in_menus=True))
        created.append(page)
    if created:
        _sections_reorder(home)
    return created


def _sections_reorder(home: Page) -> None:
    """Put the starter sections in menu order, after nothing: treebeard moves within siblings."""
    order = [slug for slug, *_rest in STARTER_SECTIONS]
    children = {c.slug: c for c in home.get_children()}
    previous = None
    for slug in order:
        page = children.get(slug)
        if page is None:
            continue
        page.refresh_from_db()
        if previous is None:
            page.move(home, pos="first-child")
        else:
            previous.refresh_from_db()
            page.move(previous, pos="right")
        previous = page


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
    _starter_contacts_and_news_personalise(home, municipality)
    get_search_backend().add(home)
    return site


def _starter_contacts_and_news_personalise(home: HomePage, municipality: Municipality) -> None:
    """The cloned contacts page gets the service's e-mail; the first article is dated today."""
    from cms.home.models import ContactPage
    from cms.news.models import NewsPage

    ContactPage.objects.descendant_of(home).filter(email="").update(
        email=municipality.contact_email, organisation_name=municipality.name
    )
    NewsPage.objects.descendant_of(home).filter(slug=FIRST_ARTICLE_SLUG).update(
        date=timezone.localdate(), first_published_at=timezone.now(), last_published_at=timezone.now()
    )
