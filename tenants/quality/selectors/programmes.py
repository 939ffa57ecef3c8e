"""Reads of support programmes, their measures and visits (staff only: measures name teachers)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from tenants.quality.models import SupportMeasure, SupportProgramme, Visit


def programme_list(*, organisation_id: int | None = None) -> QuerySet[SupportProgramme]:
    programmes = SupportProgramme.objects.select_related("organisation", "curator__user")
    if organisation_id is not None:
        programmes = programmes.filter(organisation_id=organisation_id)
    return programmes.order_by("-academic_year", "organisation__short_name", "-pk")


def programme_get(*, programme_id: int) -> SupportProgramme | None:
    return (
        SupportProgramme.objects.select_related("organisation", "curator__user")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=SupportMeasure.objects.select_related(
                    "responsible__user",
                    "visit",
                    "consultation",
                    "event",
                    "course_record__teacher",
                    "mentorship",
                    "association",
                ).prefetch_related("teachers"),
            ),
            "subjects",
        )
        .filter(pk=programme_id)
        .first()
    )


def measure_get(*, programme: SupportProgramme, measure_id: int) -> SupportMeasure | None:
    return SupportMeasure.objects.filter(programme=programme, pk=measure_id).first()


def programme_visits(*, programme: SupportProgramme) -> QuerySet[Visit]:
    return programme.visits.select_related("observer__user").order_by("visited_on", "pk")
