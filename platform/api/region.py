"""``/api/v1/`` on the region host: the directory of municipalities, the unified calendar, the
region's news and its public register of agreements (no key); the roll-ups and the calendar's
writes (with a key)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from agreements.models import AgreementStatus
from agreements.selectors import agreement_list, agreement_status_label
from api.auth import ApiKeyAuth, key_with_scope
from api.conditional import conditional_list
from api.errors import KEYED_ERRORS, PUBLIC_ERRORS
from api.listing import DateParams, PageParams, dates_check, page_of
from api.schemas import (
    AgreementOut,
    MunicipalityOut,
    PageOut,
    RegionalEventIn,
    RegionalEventOut,
    RegionalNewsOut,
    RollupOut,
    Text,
)
from api.scopes import Scope
from api.selectors import rollup_rows
from api.services import api_key_write_record
from region.selectors import municipality_directory, regional_news_list
from unified_calendar.selectors import regional_event_list
from unified_calendar.services import regional_event_create

router = Router()


class YearParams(Schema):
    academic_year: Text | None = Field(None, pattern=r"^\d{4}/\d{4}$", description="Учебный год, «2025/2026»")


LIST_RESPONSES = {304: None, **PUBLIC_ERRORS}


@router.get(
    "/municipalities/",
    response={200: PageOut[MunicipalityOut], **LIST_RESPONSES},
    summary="Муниципалитеты региона",
    tags=["Регион"],
)
@decorate_view(conditional_list)
def municipalities(request: HttpRequest, paging: Query[PageParams]) -> dict:
    entries, numbers = page_of(request, municipality_directory(), paging)
    items = [
        MunicipalityOut(
            slug=e.municipality.slug,
            name=e.municipality.name,
            short_name=e.municipality.short_name,
            oktmo=e.municipality.oktmo,
            site_url=e.site_url,
            contact_email=e.municipality.contact_email,
        )
        for e in entries
    ]
    return {**numbers, "items": items}


def _until_exclusive(until: datetime.date | None) -> datetime.date | None:
    return until + datetime.timedelta(days=1) if until else None


@router.get(
    "/calendar/",
    response={200: PageOut[RegionalEventOut], **LIST_RESPONSES},
    summary="Единый календарь значимых событий",
    tags=["Регион"],
)
@decorate_view(conditional_list)
def calendar(request: HttpRequest, paging: Query[PageParams], dates: Query[DateParams]) -> dict:
    dates_check(dates)
    events = regional_event_list(start=dates.since, end=_until_exclusive(dates.until))
    rows, numbers = page_of(request, events, paging)
    return {**numbers, "items": [RegionalEventOut.model_validate(e) for e in rows]}


@router.get(
    "/news/",
    response={200: PageOut[RegionalNewsOut], **LIST_RESPONSES},
    summary="Новости региона",
    tags=["Регион"],
)
@decorate_view(conditional_list)
def news(request: HttpRequest, paging: Query[PageParams], dates: Query[DateParams]) -> dict:
    dates_check(dates)
    items = regional_news_list()
    if dates.since:
        items = items.filter(published_on__gte=dates.since)
    if dates.until:
        items = items.filter(published_on__lte=dates.until)
    rows, numbers = page_of(request, items, paging)
    return {**numbers, "items": [RegionalNewsOut.model_validate(n) for n in rows]}


@router.get(
    "/registers/agreements/",
    response={200: PageOut[AgreementOut], **LIST_RESPONSES},
    summary="Реестр трёхсторонних соглашений",
    tags=["Регион"],
)
@decorate_view(conditional_list)
def agreements(request: HttpRequest, paging: Query[PageParams]) -> dict:
    rows, numbers = page_of(request, agreement_list().exclude(status=AgreementStatus.DRAFT), paging)
    items = [
        AgreementOut(
            municipality=a.municipality.slug,
            municipality_name=a.municipality.name,
            number=a.number,
            concluded_on=a.concluded_on,
            term_from=a.term_from,
            term_to=a.term_to,
            status=a.status,
            status_label=agreement_status_label(a.status),
        )
        for a in rows
    ]
    return {**numbers, "items": items}


@router.get(
    "/rollups/",
    response={200: PageOut[RollupOut], **KEYED_ERRORS, 304: None},
    auth=ApiKeyAuth(),
    summary="Сводные показатели муниципалитетов по учебным годам",
    description="Право «rollups:read»; только муниципалитеты, для которых выдан ключ.",
    tags=["Регион: по ключу"],
)
@decorate_view(conditional_list)
def rollups(
    request: HttpRequest,
    paging: Query[PageParams],
    year: Query[YearParams],
) -> dict:
    key = key_with_scope(request, Scope.ROLLUPS_READ)
    rows, numbers = page_of(
        request, rollup_rows(municipality_ids=key.municipality_ids, academic_year=year.academic_year), paging
    )
    return {**numbers, "items": rows}  # validated as RollupOut by ninja, which resolves the slug


@router.post(
    "/calendar/",
    response={201: RegionalEventOut, **KEYED_ERRORS},
    auth=ApiKeyAuth(),
    summary="Добавить событие в единый календарь",
    description="Право «calendar:write»; владелец ключа — сотрудник ЛОИРО.",
    tags=["Регион: по ключу"],
)
def calendar_create(request: HttpRequest, payload: RegionalEventIn) -> tuple[int, RegionalEventOut]:
    key = key_with_scope(request, Scope.CALENDAR_WRITE)
    event = regional_event_create(acting_user=key.owner, **payload.model_dump())
    api_key_write_record(
        key=key, operation="calendar.create", target=f"regional_event#{event.pk}: {event}", municipality=None, data={}
    )
    return 201, RegionalEventOut.model_validate(event)
