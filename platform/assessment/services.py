"""Writes of the region's assessment catalogues: the institute edits the thresholds and adds kinds of procedure.

Changing a threshold changes which organisations are flagged in every municipality; the
municipalities' flags are recounted by ``tenants.quality`` (a task per municipality), which
the caller starts after this write commits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import ActingUser
from assessment.models import ProcedureKind, QualityThresholds
from assessment.selectors import thresholds_get
from audit.services import audit_record

THRESHOLD_FIELDS = (
    "min_participants",
    "low_share_2",
    "low_below_minimum",
    "raised_share",
    "exam_gap",
    "jump",
    "distribution_distance",
)


@transaction.atomic
def thresholds_update(*, acting_user: ActingUser, **values: Any) -> QualityThresholds:
    """Set some thresholds (``THRESHOLD_FIELDS``), validated, with an audit row of old and new values."""
    unknown = set(values) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ValueError(f"not thresholds: {sorted(unknown)}")
    thresholds = thresholds_get()
    before = {name: getattr(thresholds, name) for name in values}
    for name, value in values.items():
        setattr(thresholds, name, value)
    thresholds.updated_by = acting_user if acting_user is not None and acting_user.is_authenticated else None
    thresholds.full_clean()
    thresholds.save()

    def plain(value: Any) -> Any:
        return str(value) if isinstance(value, Decimal) else value

    audit_record(
        action="quality_thresholds.update",
        acting_user=acting_user,
        target=str(thresholds),
        data={name: [plain(before[name]), plain(getattr(thresholds, name))] for name in values},
    )
    return thresholds


@transaction.atomic
def procedure_kind_create(
    *,
    acting_user: ActingUser,
    code: str,
    short_name: str,
    name: str,
    result_form: str,
    grades: list[int],
    journal_comparison: bool = False,
    objectivity_checked: bool = False,
    is_state_exam: bool = False,
    max_score: int | None = None,
) -> ProcedureKind:
    """A kind of procedure the region adds to its catalogue (000 §2.3.1: municipal and external
    assessment); every municipality's procedures may use it at once. Validated, audited."""
    last = ProcedureKind.objects.order_by("-position").values_list("position", flat=True).first()
    kind = ProcedureKind(
        code=code,
        short_name=short_name,
        name=name,
        result_form=result_form,
        grades=sorted(set(grades)),
        journal_comparison=journal_comparison,
        objectivity_checked=objectivity_checked,
        is_state_exam=is_state_exam,
        max_score=max_score,
        position=(last or 0) + 10,
    )
    kind.full_clean()
    kind.save()
    audit_record(
        action="procedure_kind.create",
        acting_user=acting_user,
        target=kind.short_name,
        data={"code": kind.code, "name": kind.name, "result_form": kind.result_form, "grades": kind.grades},
    )
    return kind
