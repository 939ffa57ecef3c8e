"""Reads of assessment results in the schema in use: procedures, rows, and their counts summed.

Sums are done by PostgreSQL (one GROUP BY) with the same rules as ``result_counts``: a row with
marks counts towards the marks, a row with a mean score and a count below the minimum and no
marks towards the scores, a row with the journal comparison towards the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from assessment.indicators import ResultCounts
from tenants.academic_years import AcademicYear
from tenants.quality.flagging import Cell, KindInfo
from tenants.quality.models import AssessmentProcedure, AssessmentResult

WITH_MARKS = Q(marks_2__isnull=False)
WITH_SCORES = Q(marks_2__isnull=True, mean_score__isnull=False, below_minimum__isnull=False)
WITH_JOURNAL = Q(journal_raised__isnull=False)
COUNT_NAMES = tuple(f.name for f in ResultCounts.__dataclass_fields__.values())


def _sum(expression: Any, condition: Q | None = None, *, decimal: bool = False) -> Coalesce:
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2)) if decimal else Value(0)
    return Coalesce(Sum(expression, filter=condition), zero)


def counts_annotations() -> dict[str, Any]:
    """Aggregates that sum result rows into the fields of ``ResultCounts``."""
    score_sum = ExpressionWrapper(
        F("mean_score") * F("participants"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    sums = {
        "participants": _sum("participants"),
        "marks_participants": _sum("participants", WITH_MARKS),
        "marks_2": _sum("marks_2", WITH_MARKS),
        "marks_3": _sum("marks_3", WITH_MARKS),
        "marks_4": _sum("marks_4", WITH_MARKS),
        "marks_5": _sum("marks_5", WITH_MARKS),
        "score_participants": _sum("participants", WITH_SCORES),
        "score_sum": _sum(score_sum, WITH_SCORES, decimal=True),
        "below_minimum": _sum("below_minimum", WITH_SCORES),
        "journal_participants": _sum("participants", WITH_JOURNAL),
        "journal_lowered": _sum("journal_lowered", WITH_JOURNAL),
        "journal_confirmed": _sum("journal_confirmed", WITH_JOURNAL),
        "journal_raised": _sum("journal_raised", WITH_JOURNAL),
    }
    # Named apart from the model's fields, which an annotation may not shadow.
    return {f"sum_{name}": expression for name, expression in sums.items()}


def counts_of(row: dict[str, Any]) -> ResultCounts:
    return ResultCounts(**{name: row[f"sum_{name}"] for name in COUNT_NAMES})


def grouped_counts(queryset: QuerySet[AssessmentResult], *by: str) -> list[tuple[tuple[Any, ...], ResultCounts]]:
    """The rows of ``queryset`` summed by the fields ``by``: ((values of by), counts) pairs."""
    rows = queryset.order_by().values(*by).annotate(**counts_annotations())
    return [(tuple(row[name] for name in by), counts_of(row)) for row in rows]


def total_counts(queryset: QuerySet[AssessmentResult]) -> ResultCounts:
    return counts_of(queryset.order_by().aggregate(**counts_annotations()))


def procedure_list(*, academic_year: int | None = None) -> QuerySet[AssessmentProcedure]:
    procedures = AssessmentProcedure.objects.select_related("kind", "coordinator__user")
    if academic_year is not None:
        procedures = procedures.filter(academic_year=academic_year)
    return procedures.order_by("-academic_year", "starts_on", "pk")


def procedure_get(*, procedure_id: int) -> AssessmentProcedure | None:
    return AssessmentProcedure.objects.select_related("kind").filter(pk=procedure_id).first()


def result_years() -> list[AcademicYear]:
    """Academic years that have procedures, newest first."""
    years = AssessmentProcedure.objects.order_by("-academic_year").values_list("academic_year", flat=True).distinct()
    return [AcademicYear(y) for y in years]


def kind_info(kind: Any) -> KindInfo:
    return KindInfo(
        code=kind.code,
        uses_marks=kind.uses_marks,
        journal_comparison=kind.journal_comparison,
        objectivity_checked=kind.objectivity_checked,
        is_state_exam=kind.is_state_exam,
        grades=tuple(kind.grades),
    )


def result_cells(*, academic_year: int) -> list[Cell]:
    """Each organisation's results in the year, by procedure, subject and grade (classes summed)."""
    procedures = {
        p.pk: p for p in AssessmentProcedure.objects.select_related("kind").filter(academic_year=academic_year)
    }
    if not procedures:
        return []
    rows = grouped_counts(
        AssessmentResult.objects.filter(procedure_id__in=list(procedures)),
        "organisation_id",
        "procedure_id",
        "subject_id",
        "subject__code",
        "grade",
    )
    return [
        Cell(
            organisation_id=org,
            procedure_id=procedure,
            kind=kind_info(procedures[procedure].kind),
            subject_id=subject,
            subject_code=subject_code,
            grade=grade,
            counts=counts,
        )
        for (org, procedure, subject, subject_code, grade), counts in rows
    ]


def counts_by(cells: Iterable[Cell], key: Any) -> dict[Any, ResultCounts]:
    """Cells summed by ``key(cell)``."""
    result: dict[Any, ResultCounts] = {}
    for cell in cells:
        k = key(cell)
        result[k] = result.get(k, ResultCounts()) + cell.counts
    return result


def organisation_results(
    *, organisation_id: int, academic_years: Sequence[int] | None = None
) -> QuerySet[AssessmentResult]:
    results = AssessmentResult.objects.filter(organisation_id=organisation_id).select_related(
        "procedure__kind", "subject"
    )
    if academic_years is not None:
        results = results.filter(procedure__academic_year__in=list(academic_years))
    return results
