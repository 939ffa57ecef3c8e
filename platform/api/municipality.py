"""``/api/v1/`` on a municipality's host: its events with free seats, news, public documents, the
resource bank's public materials (search included) and best practices (no key); its events'
registrations and teachers' PD records (with a key naming the municipality, personal data
written to the access log)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from api.access_log import personal_data_read_record
from api.auth import ApiKeyAuth, key_for_this_municipality
from api.conditional import conditional_list
from api.errors import KEYED_ERRORS, PUBLIC_ERRORS, ApiError, ErrorDetail, api_not_found
from api.listing import DateParams, PageParams, dates_check, page_of
from api.schemas import (
    CourseRecordIn,
    CourseRecordOut,
    DocumentOut,
    EventOut,
    Id,
    NewsOut,
    PageOut,
    PracticeOut,
    RegistrationIn,
    RegistrationOut,
    ResourceOut,
    Text,
)
from api.scopes import Scope
from api.selectors import news_public_list, teacher_by_email
from api.services import api_key_write_record
from tenants.development.selectors import course_record_list
from tenants.development.services import course_record_create
from tenants.events.models import Event
from tenants.events.selectors import event_get, event_list_with_seats, event_registrations, event_seats_left
from tenants.events.services import registration_add_by_organiser
from tenants.people.models import Teacher
from tenants.people.selectors import teacher_get
from tenants.practices.selectors import practice_public_list
from tenants.registry.selectors import public_documents_in_force
from tenants.resources.selectors import resource_list, resource_search_filter, search_text_clean

router = Router()


class SearchParams(Schema):
    q: Text | None = Field(None, max_length=200, description="Поисковый запрос")


LIST_RESPONSES = {304: None, **PUBLIC_ERRORS}
KEYED_LIST_RESPONSES = {304: None, **KEYED_ERRORS}


def _moscow_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _event_out(event: Event) -> EventOut:
    return EventOut(
        id=event.pk,
        title=event.title,
        kind=event.kind,
        audience=event.audience,
        status=event.status,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.address or (event.organisation.short_name if event.organisation else ""),
        online=bool(event.online_url),
        capacity=event.capacity,
        seats_free=event_seats_left(event=event),
        registration_open=event.registration_open_on(),
        competence_areas=list(event.competence_areas or []),
    )


@router.get(
    "/events/",
    response={200: PageOut[EventOut], **LIST_RESPONSES},
    summary="Мероприятия муниципалитета со свободными местами",
    tags=["Муниципалитет"],
)
@decorate_view(conditional_list)
def events(request: HttpRequest, paging: Query[PageParams], dates: Query[DateParams]) -> dict:
    dates_check(dates)
    queryset = event_list_with_seats(
        public_only=True,
        start=_moscow_day_start(dates.since) if dates.since else None,
        end=_moscow_day_start(dates.until + datetime.timedelta(days=1)) if dates.until else None,
    )
    rows, numbers = page_of(request, queryset, paging, cacheable={"since": dates.since, "until": dates.until})
    return {**numbers, "items": [_event_out(e) for e in rows]}


@router.get(
    "/events/{event_id}/",
    response={200: EventOut, 404: PUBLIC_ERRORS[404]},
    summary="Мероприятие",
    tags=["Муниципалитет"],
)
def event_detail(request: HttpRequest, event_id: Id) -> EventOut:
    event = event_list_with_seats(public_only=True).filter(pk=event_id).first()
    if event is None:
        raise api_not_found()
    return _event_out(event)


@router.get(
    "/news/",
    response={200: PageOut[NewsOut], **LIST_RESPONSES},
    summary="Новости муниципалитета",
    tags=["Муниципалитет"],
)
@decorate_view(conditional_list)
def news(request: HttpRequest, paging: Query[PageParams], dates: Query[DateParams]) -> dict:
    dates_check(dates)
    pages = news_public_list()
    if dates.since:
        pages = pages.filter(date__gte=dates.since)
    if dates.until:
        pages = pages.filter(date__lte=dates.until)
    rows, numbers = page_of(request, pages, paging, cacheable={"since": dates.since, "until": dates.until})
    items = [NewsOut(id=p.pk, title=p.title, date=p.date, intro=p.intro, url=p.url or "") for p in rows]
    return {**numbers, "items": items}


@router.get(
    "/documents/",
    response={200: PageOut[DocumentOut], **LIST_RESPONSES},
    summary="Публичные документы реестра, действующие",
    tags=["Муниципалитет"],
)
@decorate_view(conditional_list)
def documents(request: HttpRequest, paging: Query[PageParams]) -> dict:
    rows, numbers = page_of(request, public_documents_in_force(), paging, cacheable={})
    items = [
        DocumentOut(
            id=v.pk,
            kind=v.kind.name,
            title=str(v),
            academic_year=v.academic_year_label,
            approved_on=v.approved_on,
            order_number=v.order_number,
            order_date=v.order_date,
            file_format=v.file_format,
            file_size=v.file_size,
        )
        for v in rows
    ]
    return {**numbers, "items": items}


@router.get(
    "/resources/",
    response={200: PageOut[ResourceOut], **LIST_RESPONSES},
    summary="Банк педагогической информации: открытые материалы и поиск",
    description="С параметром q — полнотекстовый поиск с учётом словоформ, по убыванию релевантности.",
    tags=["Муниципалитет"],
)
@decorate_view(conditional_list)
def resources(
    request: HttpRequest,
    paging: Query[PageParams],
    dates: Query[DateParams],
    search: Query[SearchParams],
) -> dict:
    dates_check(dates)
    queryset = resource_list(public_only=True)
    if dates.since:
        queryset = queryset.filter(published_on__gte=dates.since)
    if dates.until:
        queryset = queryset.filter(published_on__lte=dates.until)
    text = search_text_clean(search.q)
    if text:
        queryset = resource_search_filter(queryset, text)
    # A search is answered, never stored in the page cache: its queries are unbounded.
    cacheable = None if search.q is not None else {"since": dates.since, "until": dates.until}
    rows, numbers = page_of(request, queryset, paging, cacheable=cacheable)
    items = [
        ResourceOut(
            id=r.pk,
            title=r.title,
            kind=r.kind,
            description=r.description,
            subject=r.subject.name if r.subject else "",
            audience=r.audience,
            author=r.author,
            link=r.link,
            published_on=r.published_on,
            rank=getattr(r, "rank", None),
        )
        for r in rows
    ]
    return {**numbers, "items": items}


@router.get(
    "/practices/",
    response={200: PageOut[PracticeOut], **LIST_RESPONSES},
    summary="Банк лучших практик: рекомендованные практики",
    tags=["Муниципалитет"],
)
@decorate_view(conditional_list)
def practices(request: HttpRequest, paging: Query[PageParams]) -> dict:
    rows, numbers = page_of(request, practice_public_list(), paging, cacheable={})
    items = [
        PracticeOut(
            id=p.pk,
            title=p.title,
            level=p.level,
            organisation=p.organisation.short_name if p.organisation else "",
            description=p.description,
            authors=[a.full_name for a in p.authors.all()],
            recommended_at=p.status_changed_at,
        )
        for p in rows
    ]
    return {**numbers, "items": items}


# With a key ------------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/registrations/",
    response={200: PageOut[RegistrationOut], **KEYED_LIST_RESPONSES},
    auth=ApiKeyAuth(),
    summary="Регистрации на мероприятие (персональные данные)",
    description="Право «events:read» для этого муниципалитета; каждое чтение пишется в журнал доступа.",
    tags=["Муниципалитет: по ключу"],
)
@decorate_view(conditional_list)
def registrations(request: HttpRequest, event_id: Id, paging: Query[PageParams]) -> dict:
    key, municipality = key_for_this_municipality(request, Scope.EVENTS_READ)
    event = event_get(pk=event_id)
    if event is None:
        raise api_not_found()
    rows, numbers = page_of(request, event_registrations(event=event), paging)
    personal_data_read_record(key=key, municipality=municipality, section="api:registrations", request=request)
    return {**numbers, "items": [RegistrationOut.model_validate(r) for r in rows]}


@router.post(
    "/events/{event_id}/registrations/",
    response={201: RegistrationOut, **KEYED_ERRORS},
    auth=ApiKeyAuth(),
    summary="Зарегистрировать педагога на мероприятие",
    description="Право «events:write» для этого муниципалитета; при заполненных местах — в лист ожидания.",
    tags=["Муниципалитет: по ключу"],
)
def registration_create(request: HttpRequest, event_id: Id, payload: RegistrationIn) -> tuple[int, RegistrationOut]:
    key, municipality = key_for_this_municipality(request, Scope.EVENTS_WRITE)
    event = event_get(pk=event_id)
    if event is None:
        raise api_not_found()
    if not event.registration_open_on():
        raise ApiError(422, "registration_closed", _("Регистрация на это мероприятие закрыта."))
    registration = registration_add_by_organiser(event=event, acting_user=key.owner, **payload.model_dump())
    api_key_write_record(
        key=key,
        operation="registration.create",
        target=f"registration#{registration.pk}: {event}",
        municipality=municipality,
        data={"event": event.pk},
    )
    return 201, RegistrationOut.model_validate(registration)


def _course_record_out(record: object) -> CourseRecordOut:
    teacher = record.teacher  # type: ignore[attr-defined]
    return CourseRecordOut(
        teacher_id=teacher.pk,
        teacher_name=teacher.full_name,
        organisation=teacher.organisation.short_name,
        **{
            name: getattr(record, name)
            for name in CourseRecordOut.model_fields
            if not name.startswith(("teacher", "organisation"))
        },
    )


@router.get(
    "/pd-records/",
    response={200: PageOut[CourseRecordOut], **KEYED_LIST_RESPONSES},
    auth=ApiKeyAuth(),
    summary="Записи о повышении квалификации (персональные данные)",
    description="Право «pd:read» для этого муниципалитета; даты — окончания курса; чтение пишется в журнал доступа.",
    tags=["Муниципалитет: по ключу"],
)
@decorate_view(conditional_list)
def pd_records(request: HttpRequest, paging: Query[PageParams], dates: Query[DateParams]) -> dict:
    key, municipality = key_for_this_municipality(request, Scope.PD_READ)
    dates_check(dates)
    queryset = course_record_list()
    if dates.since:
        queryset = queryset.filter(end_date__gte=dates.since)
    if dates.until:
        queryset = queryset.filter(end_date__lte=dates.until)
    rows, numbers = page_of(request, queryset, paging)
    personal_data_read_record(key=key, municipality=municipality, section="api:pd-records", request=request)
    return {**numbers, "items": [_course_record_out(r) for r in rows]}


def _teacher_of(payload: CourseRecordIn) -> Teacher:
    if payload.teacher_id is not None:
        teacher = teacher_get(teacher_id=payload.teacher_id)
    elif payload.teacher_email:
        teacher = teacher_by_email(payload.teacher_email)
    else:
        teacher = None
    if teacher is None:
        raise ApiError(
            422,
            "invalid",
            _("Запрос содержит ошибки."),
            [ErrorDetail(field="teacher_id", message=_("Педагог не найден в этом муниципалитете."))],
        )
    return teacher


@router.post(
    "/pd-records/",
    response={201: CourseRecordOut, **KEYED_ERRORS},
    auth=ApiKeyAuth(),
    summary="Добавить запись о пройденном курсе",
    description="Право «pd:write» для этого муниципалитета: организатор обучения сообщает, кто прошёл его курс.",
    tags=["Муниципалитет: по ключу"],
)
def pd_record_create(request: HttpRequest, payload: CourseRecordIn) -> tuple[int, CourseRecordOut]:
    key, municipality = key_for_this_municipality(request, Scope.PD_WRITE)
    teacher = _teacher_of(payload)
    fields = payload.model_dump(exclude={"teacher_id", "teacher_email"})
    record = course_record_create(acting_user=key.owner, teacher=teacher, **fields)
    api_key_write_record(
        key=key,
        operation="pd_record.create",
        target=f"course_record#{record.pk}: {record}",
        municipality=municipality,
        data={"teacher": teacher.pk},
    )
    return 201, _course_record_out(record)
