"""The RSS feed of one municipality's news (served by its news index, so it is always that
municipality's own: the schema of the host decides what the index can see)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

if TYPE_CHECKING:
    from cms.news.models import NewsIndexPage, NewsPage

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage) -> None:
        super().__init__()
        self.index = index
        self.request: HttpRequest | None = None

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        from wagtail.models import Site

        site = Site.find_for_request(self.request) if self.request is not None else None
        name = site.site_name if site is not None else ""
        return f"{self.index.title} — {name}" if name else self.index.title

    def link(self) -> str:
        return self.index.get_url(self.request) or "/"

    def description(self) -> str:
        return self.index.intro or self.index.title

    def items(self) -> list[NewsPage]:
        return list(self.index.articles()[:FEED_SIZE])

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.intro

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request) or "/"

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_categories(self, item: NewsPage) -> list[str]:
        return [tag.name for tag in item.tags.all()]
