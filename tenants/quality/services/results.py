"""Writes of assessment procedures and their results, typed in or imported.

Every write runs in one transaction with its audit row (the audited Wagtail actions, or the
import engine's one row per file) and its consequences: the flags of the year and of the next
(whose «jump» compares with this one) are recounted, the programmes' effects re-judged, and the
region's roll-ups rewritten (``results_changed``). The admin's forms call the ``*_saved`` hooks
after Wagtail's own save, so a form and a service have the same effects.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from tenants.audited_actions import audited_create, audited_delete, audited_update
from tenants.organisations.models import Organisation
from tenants.quality.models import AssessmentProcedure, AssessmentResult
from tenants.quality.rollup import quality_rollup_lock, quality_rollup_refresh
from tenants.quality.services.flags import flags_refresh
from tenants.quality.services.programmes import measure_links_sync, programme_effects_refresh

PROCEDURE_FIELDS = (
    "kind",
    "academic_year",
    "title",
    "starts_on",
    "ends_on",
    "grades",
    "coordinator",
    "plan_item",
    "note",
)
RESULT_FIELDS = (
    "organisation",
    "grade",
    "class_letter",
    "subject",
    "participants",
    "marks_2",
    "marks_3",
    "marks_4",
    "marks_5",
    "mean_score",
    "below_minimum",
    "journal_lowered",
    "journal_confirmed",
    "journal_raised",
)


def _require(acting_user: ActingUser, permission: str, *, skip: bool) -> None:
    if not skip and (acting_user is None or not acting_user.has_perm(permission)):
        raise PermissionDenied(_("Нет права на это действие."))


def results_changed(*, academic_years: Iterable[int]) -> None:
    """After results of these years changed: flags of those years and the next, effects, roll-ups."""
    quality_rollup_lock()
    years = set(academic_years)
    for year in sorted(years | {y + 1 for y in years}):
        flags_refresh(academic_year=year)
    programme_effects_refresh()
    quality_rollup_refresh()


# Procedures ------------------------------------------------------------------------------------


@transaction.atomic
def procedure_create(
    *,
    acting_user: ActingUser,
    kind: Any,
    academic_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    grades: Sequence[int],
    subjects: Iterable[Any] = (),
    title: str = "",
    coordinator: Any = None,
    plan_item: Any = None,
    note: str = "",
    skip_permission_checks: bool = False,
) -> AssessmentProcedure:
    """A procedure of the year (000 §2.2: the service supports it; 001 §3.7: the coordinator)."""
    _require(acting_user, "quality.add_assessmentprocedure", skip=skip_permission_checks)
    procedure = AssessmentProcedure(
        kind=kind,
        academic_year=academic_year,
        starts_on=starts_on,
        ends_on=ends_on,
        grades=list(grades),
        title=title,
        coordinator=coordinator,
        plan_item=plan_item,
        note=note,
    )
    procedure.full_clean()
    audited_create(procedure, acting_user=acting_user)
    procedure.subjects.set(list(subjects))
    return procedure


@transaction.atomic
def procedure_update(
    *,
    procedure: AssessmentProcedure,
    acting_user: ActingUser,
    data: Mapping[str, Any],
    skip_permission_checks: bool = False,
) -> AssessmentProcedure:
    _require(acting_user, "quality.change_assessmentprocedure", skip=skip_permission_checks)
    for name in PROCEDURE_FIELDS:
        if name in data:
            setattr(procedure, name, data[name])
    procedure.full_clean()
    audited_update(procedure, acting_user=acting_user)
    if "subjects" in data:
        procedure.subjects.set(list(data["subjects"]))
    procedure_saved(procedure)
    return procedure


def procedure_saved(procedure: AssessmentProcedure) -> None:
    """After a procedure is written (service or admin form): its results' figures may read anew."""
    if procedure.results.exists():
        results_changed(academic_years=[procedure.academic_year])


@transaction.atomic
def procedure_delete(
    *, procedure: AssessmentProcedure, acting_user: ActingUser, skip_permission_checks: bool = False
) -> None:
    """Delete a procedure with its results (and their flags): the numbers go with it."""
    _require(acting_user, "quality.delete_assessmentprocedure", skip=skip_permission_checks)
    year = procedure.academic_year
    audited_delete(procedure, acting_user=acting_user)
    results_changed(academic_years=[year])


# Results ---------------------------------------------------------------------------------------


def _counts(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: (Decimal(str(values[name])) if name == "mean_score" and values[name] is not None else values[name])
        for name in RESULT_FIELDS
        if name in values
    }


@transaction.atomic
def result_create(
    *,
    acting_user: ActingUser,
    procedure: AssessmentProcedure,
    organisation: Organisation,
    skip_permission_checks: bool = False,
    **values: Any,
) -> AssessmentResult:
    """One organisation's results in a grade (or class) and subject, typed in."""
    _require(acting_user, "quality.add_assessmentresult", skip=skip_permission_checks)
    unknown = set(values) - set(RESULT_FIELDS)
    if unknown:
        raise TypeError(f"unknown result fields: {sorted(unknown)}")
    result = AssessmentResult(procedure=procedure, organisation=organisation, **_counts(values))
    result.full_clean()
    audited_create(result, acting_user=acting_user)
    result_saved(result)
    return result


@transaction.atomic
def result_update(
    *, result: AssessmentResult, acting_user: ActingUser, data: Mapping[str, Any], skip_permission_checks: bool = False
) -> AssessmentResult:
    _require(acting_user, "quality.change_assessmentresult", skip=skip_permission_checks)
    before = set(AssessmentResult.objects.filter(pk=result.pk).values_list("procedure__academic_year", flat=True))
    for name, value in _counts(data).items():
        setattr(result, name, value)
    if "procedure" in data:
        result.procedure = data["procedure"]
    result.full_clean()
    audited_update(result, acting_user=acting_user)
    results_changed(academic_years=before | {result.procedure.academic_year})
    return result


@transaction.atomic
def result_delete(*, result: AssessmentResult, acting_user: ActingUser, skip_permission_checks: bool = False) -> None:
    _require(acting_user, "quality.delete_assessmentresult", skip=skip_permission_checks)
    year = result.procedure.academic_year
    audited_delete(result, acting_user=acting_user)
    results_changed(academic_years=[year])


def result_saved(result: AssessmentResult) -> None:
    """After a result is written (service, admin form or import): flags, effects, roll-ups."""
    results_changed(academic_years=[result.procedure.academic_year])


@transaction.atomic
def quality_recount() -> None:
    """Recount everything derived in the municipality in use: every year's flags, the links of
    measures, the programmes' effects, the roll-ups.

    For what moves without a write here: another municipality's results shift the region's
    distribution, the institute changes a threshold, an event is held or a consultation answered.
    """
    quality_rollup_lock()
    years = AssessmentProcedure.objects.order_by().values_list("academic_year", flat=True).distinct()
    for year in sorted(set(years) | {y + 1 for y in years}):
        flags_refresh(academic_year=year)
    measure_links_sync()
    programme_effects_refresh()
    quality_rollup_refresh()
