"""Reads of the region's assessment catalogues and thresholds (public schema, from any schema)."""

from __future__ import annotations

from django.db.models import QuerySet

from assessment.models import AssessmentSubject, ProcedureKind, QualityThresholds


def procedure_kind_list() -> QuerySet[ProcedureKind]:
    return ProcedureKind.objects.all()


def procedure_kind_get(code: str) -> ProcedureKind | None:
    return ProcedureKind.objects.filter(code=code).first()


def assessment_subject_list() -> QuerySet[AssessmentSubject]:
    return AssessmentSubject.objects.all()


def thresholds_get() -> QualityThresholds:
    """The region's thresholds; their defaults when the row has not been written yet."""
    found = QualityThresholds.objects.filter(pk=QualityThresholds.SINGLETON_PK).first()
    return found if found is not None else QualityThresholds(pk=QualityThresholds.SINGLETON_PK)
