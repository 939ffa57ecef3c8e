"""The analysis of professional development's results (000 §2.3.1; 003 §4.1 «анализ результатов
повышения квалификации»), in the schema in use, as of a day. Counts only, no names.

* **coverage**: teachers with a course that ended in the last three years (the period of 273-ФЗ
  art. 47, the same as ``tenants.development.periodicity``), of all teachers; per organisation;
* **by kind of programme** (the «direction» of PD: qualification upgrade, retraining, other
  training — the course record's document) and **by provider** (the institute, ЛОИРО, against other
  providers, as the offer it came from says; records typed by hand are «not stated»): courses,
  teachers, hours in the period;
* **by competence area, against deficits**: per area the teachers who took a course in it in the
  period, and of the teachers with an open deficit in it how many took a course in it after the
  deficit was found;
* **the service's quota lists**: applications, listed and trained through the course offers whose
  course ended in the period (``tenants.courses``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.courses.models import ApplicationStatus, CourseApplication
from tenants.development.models import (
    CompetenceArea,
    CourseDocumentKind,
    CourseProviderKind,
    CourseRecord,
    Deficit,
    DeficitStatus,
)
from tenants.development.periodicity import PD_PERIOD_YEARS, years_after
from tenants.organisations.models import Organisation
from tenants.people.models import Teacher


@dataclass(frozen=True)
class Share:
    label: str
    value: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.value / self.of) if self.of else None


@dataclass(frozen=True)
class Group:
    label: str
    courses: int
    teachers: int
    hours: int


@dataclass(frozen=True)
class AreaRow:
    area: CompetenceArea
    trained: int  # teachers with a course in the area in the period
    with_deficit: int  # teachers with an open deficit in the area
    deficit_trained: int  # of those, trained in the area after the deficit was found

    @property
    def deficit_untrained(self) -> int:
        return self.with_deficit - self.deficit_trained


@dataclass(frozen=True)
class PdAnalysis:
    on: datetime.date
    since: datetime.date
    coverage: Share
    organisations: list[Share]
    kinds: list[Group]
    providers: list[Group]
    areas: list[AreaRow]
    applications: dict[str, int]


def _groups(records: object, field: str, labels: dict[Any, Any]) -> list[Group]:
    rows = {
        row[field]: row
        for row in records.values(field).annotate(  # type: ignore[attr-defined]
            courses=Count("pk"), teachers=Count("teacher", distinct=True), hours=Sum("hours")
        )
    }
    return [
        Group(str(label), rows.get(key, {}).get("courses", 0), rows.get(key, {}).get("teachers", 0),
              rows.get(key, {}).get("hours") or 0)
        for key, label in labels.items()
    ]  # fmt: skip


def pd_analysis(*, on: datetime.date | None = None) -> PdAnalysis:
    """Seven queries, whatever the number of teachers."""
    on = on or timezone.localdate()
    since = years_after(on, -PD_PERIOD_YEARS)
    # A course counts when it ended on ``since`` or later (its three years not yet over: on the due
    # date itself a teacher is in time, as in ``periodicity``) and by ``on``.
    in_period = Q(end_date__gte=since, end_date__lte=on)
    records = CourseRecord.objects.filter(in_period)
    covered_q = Q(course_records__end_date__gte=since, course_records__end_date__lte=on)

    teachers = Teacher.objects.aggregate(total=Count("pk"), covered=Count("pk", filter=covered_q, distinct=True))
    organisations = [
        Share(o.short_name, o.covered, o.total)
        for o in Organisation.objects.annotate(
            total=Count("teachers", distinct=True),
            covered=Count("teachers", filter=Q(teachers__in=Teacher.objects.filter(covered_q)), distinct=True),
        )
        .filter(total__gt=0)
        .order_by("short_name")
    ]
    kinds = _groups(records, "document_kind", {kind.value: kind.label for kind in CourseDocumentKind})
    provider_labels: dict[Any, Any] = {kind.value: kind.label for kind in CourseProviderKind}
    provider_labels[None] = _("Не указан (внесено вручную)")
    providers = _groups(records, "course_offer__provider_kind", provider_labels)

    trained_after_deficit = CourseRecord.objects.filter(
        teacher_id=OuterRef("teacher_id"),
        competence_areas=OuterRef("area_id"),
        end_date__gte=OuterRef("found_on"),
        end_date__lte=on,
    )
    open_deficits = Deficit.objects.filter(status=DeficitStatus.OPEN).annotate(trained=Exists(trained_after_deficit))
    by_area_deficit = {
        row["area_id"]: row
        for row in open_deficits.values("area_id").annotate(
            teachers=Count("teacher", distinct=True),
            trained_teachers=Count("teacher", filter=Q(trained=True), distinct=True),
        )
    }
    areas = [
        AreaRow(
            area=area,
            trained=area.trained,
            with_deficit=by_area_deficit.get(area.pk, {}).get("teachers", 0),
            deficit_trained=by_area_deficit.get(area.pk, {}).get("trained_teachers", 0),
        )
        for area in CompetenceArea.objects.annotate(
            trained=Count(
                "course_records__teacher",
                filter=Q(course_records__end_date__gte=since, course_records__end_date__lte=on),
                distinct=True,
            )
        ).order_by("position", "name")
    ]
    applications = CourseApplication.objects.filter(offer__end_date__gte=since, offer__end_date__lte=on).aggregate(
        applied=Count("pk"),
        declined=Count("pk", filter=Q(status=ApplicationStatus.DECLINED)),
        listed=Count("pk", filter=Q(status__in=(ApplicationStatus.LISTED, ApplicationStatus.COMPLETED))),
        trained=Count("pk", filter=Q(status=ApplicationStatus.COMPLETED)),
    )
    return PdAnalysis(
        on=on,
        since=since,
        coverage=Share("", teachers["covered"], teachers["total"]),
        organisations=organisations,
        kinds=kinds,
        providers=providers,
        areas=areas,
        applications=applications,
    )
