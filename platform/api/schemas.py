"""The pydantic types of the API: what the OpenAPI schema documents and what the answers carry."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Generic, TypeVar

from ninja import Schema
from pydantic import BaseModel, Field, StringConstraints

from tenants.development.models import MAX_COURSE_HOURS, CourseDocumentKind, CourseFormat
from tenants.event_vocabulary import EventAudience, EventKind

Item = TypeVar("Item")

MAX_PER_PAGE = 100
# Text a client sends: PostgreSQL keeps no NUL character, so none is accepted.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+$")]
# An identifier: a PostgreSQL bigint, so a larger number is a 422, not a database error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class PageOut(BaseModel, Generic[Item]):
    count: int = Field(description="Всего записей по запросу")
    page: int
    per_page: int
    items: list[Item]


# The region -------------------------------------------------------------------------------------


class MunicipalityOut(Schema):
    slug: str
    name: str
    short_name: str
    oktmo: str
    site_url: str
    contact_email: str


class RegionalEventOut(Schema):
    id: int
    title: str
    kind: str
    audience: str
    starts_on: datetime.date
    ends_on: datetime.date
    organiser: str
    url: str
    description: str
    competence_areas: list[str]


class RegionalEventIn(Schema):
    title: Text = Field(min_length=1, max_length=500)
    kind: EventKind
    audience: EventAudience = EventAudience.ALL
    starts_on: datetime.date
    ends_on: datetime.date
    organiser: Text = Field(min_length=1, max_length=500)
    url: Text = Field(default="", max_length=1000)
    description: Text = Field(default="", max_length=10000)


class RegionalNewsOut(Schema):
    id: int
    title: str
    summary: str
    body: str
    published_on: datetime.date


class AgreementOut(Schema):
    municipality: str = Field(description="Код (slug) муниципалитета")
    municipality_name: str
    number: str
    concluded_on: datetime.date
    term_from: datetime.date
    term_to: datetime.date
    status: str
    status_label: str


class RollupOut(Schema):
    municipality: str = Field(description="Код (slug) муниципалитета")
    academic_year: str
    plan_status: str
    plan_items_total: int
    plan_items_done: int
    events_total: int
    events_held: int
    events_participants: int
    teachers_total: int
    pd_up_to_date: int
    pd_due_soon: int
    pd_overdue: int
    deficits_open: int
    routes_total: int
    routes_completed: int
    young_teachers: int
    young_teachers_with_mentor: int
    consultations_total: int
    consultations_answered_in_time: int
    consultations_overdue: int
    associations_total: int
    associations_active: int
    documents_required: int
    documents_in_force: int

    @staticmethod
    def resolve_municipality(obj: Any) -> str:
        return str(obj.municipality.slug)


# A municipality ---------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    title: str
    kind: str
    audience: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online: bool
    capacity: int | None
    seats_free: int | None = Field(description="Свободные места; null — без ограничения")
    registration_open: bool
    competence_areas: list[str]


class RegistrationOut(Schema):
    id: int
    full_name: str
    organisation_name: str
    email: str
    status: str
    attended: bool
    created_at: datetime.datetime


class RegistrationIn(Schema):
    full_name: Text = Field(min_length=1, max_length=300)
    email: Email
    organisation_name: Text = Field(default="", max_length=500)


class NewsOut(Schema):
    id: int
    title: str
    date: datetime.date
    intro: str
    url: str


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    academic_year: str
    approved_on: datetime.date | None
    order_number: str
    order_date: datetime.date | None
    file_format: str
    file_size: int


class ResourceOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    subject: str
    audience: str
    author: str
    link: str
    published_on: datetime.date | None
    rank: float | None = Field(default=None, description="Релевантность, если задан поиск")


class PracticeOut(Schema):
    id: int
    title: str
    level: str
    organisation: str
    description: str
    authors: list[str]
    recommended_at: datetime.datetime | None


class CourseRecordOut(Schema):
    id: int
    teacher_id: int
    teacher_name: str
    organisation: str
    provider: str
    programme: str
    hours: int
    format: str
    start_date: datetime.date
    end_date: datetime.date
    document_kind: str
    document_number: str


class CourseRecordIn(Schema):
    teacher_id: Id | None = Field(default=None, description="Педагог по идентификатору…")
    teacher_email: Email | None = Field(default=None, description="…или по e-mail в списке педагогов")
    provider: Text = Field(min_length=1, max_length=500)
    programme: Text = Field(min_length=1, max_length=1000)
    hours: int = Field(ge=1, le=MAX_COURSE_HOURS)
    format: CourseFormat
    start_date: datetime.date
    end_date: datetime.date
    document_kind: CourseDocumentKind = CourseDocumentKind.CERTIFICATE
    document_number: Text = Field(default="", max_length=100)
