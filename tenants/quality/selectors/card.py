"""The support card of an organisation: everything the service did with it and knows about it.

Results and flags by year, the head's decisions, support programmes with their measures, visits
with lesson observations, consultations its teachers asked for (or that a programme gave),
municipal events its teachers attended, its teachers' PD coverage (273-ФЗ art. 47) and open
professional deficits by competence area. Staff only: visits and events name teachers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Lower

from tenants.academic_years import AcademicYear
from tenants.consultations.models import Consultation
from tenants.development.models import Deficit, DeficitStatus
from tenants.development.selectors import PdSummary, pd_summary
from tenants.events.models import Event, Registration
from tenants.organisations.models import Organisation
from tenants.people.models import Teacher
from tenants.quality.models import AssessmentProcedure, Flag, SupportDecision, SupportMeasure, SupportProgramme, Visit
from tenants.quality.selectors.indicators import SubjectSummary, subject_summaries
from tenants.quality.selectors.visits import visit_list

CARD_YEARS = 3


@dataclass(frozen=True)
class EventAttended:
    event: Event
    teachers: int


@dataclass(frozen=True)
class AreaDeficit:
    area: str
    teachers: int
    deficits: int


@dataclass(frozen=True)
class SupportCard:
    organisation: Organisation
    results: list[tuple[AcademicYear, list[SubjectSummary]]]
    flags: list[Flag]
    decisions: list[SupportDecision]
    programmes: list[SupportProgramme]
    visits: list[Visit]
    consultations: list[Consultation]
    events: list[EventAttended]
    pd: PdSummary
    deficits: list[AreaDeficit]


def _years(organisation: Organisation) -> list[int]:
    years = (
        AssessmentProcedure.objects.filter(results__organisation=organisation)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )
    return list(years[:CARD_YEARS])


def _teacher_keys(organisation: Organisation) -> tuple[list[int], list[str]]:
    teachers = Teacher.objects.filter(organisation=organisation)
    users = [u for u in teachers.values_list("user_id", flat=True) if u is not None]
    emails = [e.lower() for e in teachers.values_list("email", flat=True) if e]
    return users, emails


def _consultations(organisation: Organisation, users: list[int]) -> list[Consultation]:
    from_measures = SupportMeasure.objects.filter(
        programme__organisation=organisation, consultation__isnull=False
    ).values("consultation_id")
    found = Consultation.objects.filter(Q(requester_user_id__in=users) | Q(pk__in=from_measures))
    return list(found.select_related("area", "assignee__user").order_by("-submitted_at")[:50])


def _events(users: list[int], emails: list[str]) -> list[EventAttended]:
    attended = (
        Registration.objects.filter(attended=True)
        .annotate(email_lower=Lower("email"))
        .filter(Q(user_id__in=users) | Q(email_lower__in=emails))
    )
    counts = Counter(dict(attended.values("event_id").annotate(n=Count("id")).values_list("event_id", "n")))
    events = Event.objects.filter(pk__in=list(counts)).order_by("-starts_at")
    return [EventAttended(event=event, teachers=counts[event.pk]) for event in events[:50]]


def _deficits(organisation: Organisation) -> list[AreaDeficit]:
    rows = (
        Deficit.objects.filter(teacher__organisation=organisation, status=DeficitStatus.OPEN)
        .values("area__name", "area__position")
        .annotate(teachers=Count("teacher", distinct=True), deficits=Count("id"))
        .order_by("area__position", "area__name")
    )
    return [AreaDeficit(area=r["area__name"], teachers=r["teachers"], deficits=r["deficits"]) for r in rows]


def support_card(*, organisation: Organisation) -> SupportCard:
    years = _years(organisation)
    users, emails = _teacher_keys(organisation)
    programmes = (
        SupportProgramme.objects.filter(organisation=organisation)
        .select_related("curator__user")
        .prefetch_related("measures")
        .order_by("-academic_year", "-pk")
    )
    return SupportCard(
        organisation=organisation,
        results=[
            (AcademicYear(year), subject_summaries(academic_year=year, organisation_id=organisation.pk))
            for year in years
        ],
        flags=list(
            Flag.objects.filter(organisation=organisation, academic_year__in=years or [AcademicYear.current().start])
            .select_related("procedure__kind", "subject")
            .order_by("-academic_year", "procedure__starts_on", "subject__position", "grade")
        ),
        decisions=list(
            SupportDecision.objects.filter(organisation=organisation)
            .select_related("decided_by")
            .order_by("-academic_year")
        ),
        programmes=list(programmes),
        visits=list(visit_list(organisation_id=organisation.pk)[:50]),
        consultations=_consultations(organisation, users),
        events=_events(users, emails),
        pd=pd_summary(organisation_id=organisation.pk),
        deficits=_deficits(organisation),
    )
