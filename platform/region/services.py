"""Writes of the region's own content. Each writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import signed_in_user
from audit.services import audit_record
from region.models import RegionalNews

if TYPE_CHECKING:
    from accounts.models import ActingUser

NEWS_FIELDS = ("title", "summary", "body", "published_on", "is_published")


@transaction.atomic
def regional_news_create(
    *,
    title: str,
    summary: str,
    body: str = "",
    published_on: datetime.date | None = None,
    is_published: bool = True,
    acting_user: ActingUser,
) -> RegionalNews:
    news = RegionalNews(
        title=title,
        summary=summary,
        body=body,
        published_on=published_on or datetime.date.today(),
        is_published=is_published,
        created_by=signed_in_user(acting_user),
    )
    news.full_clean()
    news.save()
    audit_record(action="regional_news.create", acting_user=acting_user, target=news.title, data={"id": news.pk})
    return news


@transaction.atomic
def regional_news_update(*, news: RegionalNews, acting_user: ActingUser, **fields: object) -> RegionalNews:
    changed = sorted(name for name in fields if name in NEWS_FIELDS)
    for name in changed:
        setattr(news, name, fields[name])
    news.full_clean()
    news.save()
    audit_record(
        action="regional_news.update",
        acting_user=acting_user,
        target=news.title,
        data={"id": news.pk, "fields": changed},
    )
    return news


@transaction.atomic
def regional_news_delete(*, news: RegionalNews, acting_user: ActingUser) -> None:
    audit_record(action="regional_news.delete", acting_user=acting_user, target=news.title, data={"id": news.pk})
    news.delete()
