"""Pagination and date filters shared by every list."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from api.conditional import api_cache_declare
from api.errors import ApiError, ErrorDetail
from api.schemas import MAX_PER_PAGE

MAX_PAGE = 10_000
DEFAULT_PER_PAGE = 50


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Номер страницы, с 1")
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Записей на странице")


class DateParams(Schema):
    since: datetime.date | None = Field(None, description="С этой даты (включительно)")
    until: datetime.date | None = Field(None, description="По эту дату (включительно)")


def dates_check(dates: DateParams) -> None:
    if dates.since and dates.until and dates.since > dates.until:
        raise ApiError(
            422,
            "invalid",
            _("Запрос содержит ошибки."),
            [ErrorDetail(field="until", message=_("Конец периода раньше его начала."))],
        )


def page_of(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    paging: PageParams,
    *,
    cacheable: dict[str, Any] | None = None,
) -> tuple[list[Any], dict[str, int]]:
    """One page of ``rows`` and the page's numbers; ``cacheable`` are the other parameters the list
    understood, declared with the page to the page cache (``None``: never stored, e.g. a search)."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (paging.page - 1) * paging.per_page
    items = list(rows[start : start + paging.per_page])
    if cacheable is not None and (start < count or paging.page == 1):
        api_cache_declare(request, page=paging.page, per_page=paging.per_page, **cacheable)
    return items, {"count": count, "page": paging.page, "per_page": paging.per_page}
