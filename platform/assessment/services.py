"""Writes of the region's assessment catalogues: the institute edits the thresholds (its screen comes later).

Changing a threshold changes which organisations are flagged in every municipality; the
municipalities' flags are recounted by ``tenants.quality`` (a task per municipality), which
the caller starts after this write commits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import ActingUser
from assessment.models import QualityThresholds
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
