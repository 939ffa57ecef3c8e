"""Reads of visits and lesson observations (staff only: they name teachers)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from tenants.quality.models import LessonObservation, ObservationCriterion, ObservationMark, Visit


def criteria_active() -> QuerySet[ObservationCriterion]:
    return ObservationCriterion.objects.filter(is_active=True).order_by("position", "name")


def visit_list(*, organisation_id: int | None = None) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("organisation", "observer__user", "programme").annotate(
        observations_count=Count("observations")
    )
    if organisation_id is not None:
        visits = visits.filter(organisation_id=organisation_id)
    return visits.order_by("-visited_on", "-pk")


def visit_get(*, visit_id: int) -> Visit | None:
    return (
        Visit.objects.select_related("organisation", "observer__user", "programme")
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=LessonObservation.objects.select_related("teacher", "subject").prefetch_related(
                    Prefetch("marks", queryset=ObservationMark.objects.select_related("criterion"))
                ),
            )
        )
        .filter(pk=visit_id)
        .first()
    )


def observation_get(*, visit: Visit, observation_id: int) -> LessonObservation | None:
    return LessonObservation.objects.filter(visit=visit, pk=observation_id).prefetch_related("marks").first()
