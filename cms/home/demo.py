"""Demo content of a municipality's site: news, contacts, sections; run by ``manage.py demo_region``.

Idempotent. Sites provisioned before the news app existed also get the current starter sections
(news, contacts, associations as their own page types), the first article and the branding row.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Site

from cms.home.models import ContactPage
from cms.home.starter import starter_branding_ensure, starter_first_article_ensure, starter_sections_ensure
from cms.news.models import NewsIndexPage, NewsPage
from tenants.municipalities.models import Municipality

# (slug, days ago, title, intro, tags)
DEMO_ARTICLES = [
    (
        "avgustovskoe-soveshchanie",
        80,
        "Августовское совещание педагогических работников",
        "Подведены итоги прошлого учебного года и определены задачи методической службы на новый год.",
        ["совещания"],
    ),
    (
        "shkola-molodogo-pedagoga",
        30,
        "Открыт набор в Школу молодого педагога",
        "Приглашаем педагогов со стажем до трёх лет: занятия раз в месяц, наставники из опорных школ.",
        ["молодые педагоги", "наставничество"],
    ),
    (
        "konkurs-pedagog-goda",
        7,
        "Муниципальный этап конкурса «Педагог года»",
        "Приём заявок открыт до конца месяца. Положение о конкурсе — в разделе «Документы».",
        ["конкурсы"],
    ),
]


def demo_seed(municipality: Municipality) -> None:
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    home = site.root_page
    starter_sections_ensure(home, replace_plain=True)
    starter_first_article_ensure(home)
    starter_branding_ensure()
    ContactPage.objects.filter(address="").update(
        address=f"{municipality.name}, ул. Ленина, д. 1, каб. 12",
        phone="+7 (813) 000-00-00",
        opening_hours="Понедельник — пятница, 9:00–17:00",
        email=municipality.contact_email,
    )
    news = NewsIndexPage.objects.child_of(home).first()
    if news is None:
        return
    existing = set(news.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    for slug, days_ago, title, intro, tags in DEMO_ARTICLES:
        if slug in existing:
            continue
        article = NewsPage(title=title, slug=slug, intro=intro, date=today - datetime.timedelta(days=days_ago))
        article.tags.add(*tags)
        news.add_child(instance=article)
        article.save_revision().publish()
        news.refresh_from_db()
