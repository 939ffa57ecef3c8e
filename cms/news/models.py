"""News of the methodological service: an index with tags and an RSS feed, and articles
(000 §2.3.2 — informing teachers about the service's work)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.search import index

from cms.base.blocks import BodyBlock
from cms.base.pages import SitePageMixin

NEWS_PAGE_SIZE = 10


class NewsIndexPage(SitePageMixin, RoutablePageMixin, Page):
    """The news section: articles newest first, filtered by a tag, and their RSS feed at ``rss/``."""

    intro: models.TextField[str, str] = models.TextField(_("вступление"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms_home.HomePage"]
    subpage_types = ["cms_news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("новости")
        verbose_name_plural = _("разделы новостей")

    def articles(self) -> Any:
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    @path("")
    def index_route(self, request: HttpRequest, *args: Any, **kwargs: Any) -> TemplateResponse:
        from cms.base.page_cache import page_cache_query_declare

        articles = self.articles().prefetch_related("tags")
        tag = (request.GET.get("tag") or "").strip()[:100]
        if tag:
            articles = articles.filter(tags__name=tag)
        context = self.get_context(request)
        context["tag"] = tag
        context["articles"] = shown = Paginator(articles, NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
        # A tag that lists nothing is answered but not stored: any text would make an entry.
        tags = {"tag": tag} if not tag or shown.paginator.count else {}
        page_cache_query_declare(request, page=str(shown.number), **tags)
        return TemplateResponse(request, self.get_template(request), context)

    @path("rss/", name="rss")
    def rss_route(self, request: HttpRequest) -> HttpResponse:
        from cms.news.feeds import NewsFeed

        return NewsFeed(self)(request)

    def feed_url(self, request: HttpRequest | None = None) -> str:
        return (self.get_url(request) or "").rstrip("/") + "/" + self.reverse_subpage("rss")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("cms_news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(SitePageMixin, Page):
    """One news article: date, lead, an optional picture (with its text alternative), text, tags."""

    date: models.DateField[datetime.date, datetime.date] = models.DateField(_("дата"), default=datetime.date.today)
    intro: models.TextField[str, str] = models.TextField(_("анонс"), help_text=_("Одно-два предложения для списка."))
    image: models.ForeignKey[Image | None, Image | None] = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("изображение"),
    )
    image_alt: models.CharField[str, str] = models.CharField(
        _("альтернативный текст изображения"),
        max_length=255,
        blank=True,
        help_text=_("Что изображено — для незрячих посетителей."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("текст"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("метки"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Изображение")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms_news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("новость")
        verbose_name_plural = _("новости")

    def clean(self) -> None:
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Опишите изображение: без этого текста его не поймут незрячие.")})
