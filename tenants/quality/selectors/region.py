"""The region's figures for a municipality's screens and rules, read from the roll-ups (public schema).

Never a loop over schemas: the region's counts are the sum of every municipality's
``rollups.QualityRollup`` rows. Where the municipality in use has just changed its results
(inside the write's transaction, before its own roll-up row is rewritten), its own counts are
taken from its schema and the roll-ups give the others'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Sum

from assessment.indicators import ResultCounts
from rollups.models import QualityRollup
from tenants.academic_years import AcademicYear

_SUMMED = (
    "participants",
    "marks_participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "score_participants",
    "score_sum",
    "below_minimum",
    "journal_participants",
    "journal_lowered",
    "journal_confirmed",
    "journal_raised",
)


def rollup_counts(row: Mapping[str, Any]) -> ResultCounts:
    """``ResultCounts`` of a roll-up row (or of its sums, by the same names)."""
    values: dict[str, Any] = {name: row[name] or 0 for name in _SUMMED}
    return ResultCounts(**values)


def region_counts(
    *,
    academic_year: int,
    exclude_municipality_id: int | None = None,
    kind_codes: Iterable[str] | None = None,
    subject_codes: Iterable[str] | None = None,
) -> dict[tuple[str, str, int], ResultCounts]:
    """The region's counts by (kind code, subject code, grade) for a year, from the roll-ups."""
    rows = QualityRollup.objects.filter(academic_year=AcademicYear(academic_year).label)
    if exclude_municipality_id is not None:
        rows = rows.exclude(municipality_id=exclude_municipality_id)
    if kind_codes is not None:
        rows = rows.filter(kind_code__in=list(kind_codes))
    if subject_codes is not None:
        rows = rows.filter(subject_code__in=list(subject_codes))
    summed = (
        rows.order_by().values("kind_code", "subject_code", "grade").annotate(**{name: Sum(name) for name in _SUMMED})
    )
    return {(r["kind_code"], r["subject_code"], r["grade"]): rollup_counts(r) for r in summed}


def counts_merge(
    first: Mapping[tuple[str, str, int], ResultCounts], second: Mapping[tuple[str, str, int], ResultCounts]
) -> dict[tuple[str, str, int], ResultCounts]:
    merged = dict(first)
    for key, counts in second.items():
        merged[key] = merged.get(key, ResultCounts()) + counts
    return merged
