"""Writes of the institute's quality screen: the region's flag thresholds and kinds of procedure.

The thresholds decide which organisations every municipality flags (000 §2.2, 003 §1.3), so a
change is the institute's alone, audited (``assessment.services.thresholds_update`` writes the
old and new values), and followed on commit by a recount of every municipality's flags and
roll-ups, each in its own schema (``tenants.quality.tasks.quality_recount_fan_out``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser
from accounts.workspace_access import workspace_writer
from assessment.models import ProcedureKind, QualityThresholds
from assessment.services import procedure_kind_create, thresholds_update
from tenants.municipalities.dispatch import task_send_on_commit
from tenants.quality.tasks import quality_recount_fan_out


@transaction.atomic
def quality_thresholds_change(*, acting_user: ActingUser, values: dict[str, Any]) -> QualityThresholds:
    """Set the thresholds named in ``values``; the municipalities recount after the commit."""
    if not workspace_writer(acting_user):
        raise PermissionDenied(_("Пороги меняют только сотрудники ЛОИРО."))
    thresholds = thresholds_update(acting_user=acting_user, **values)
    task_send_on_commit(quality_recount_fan_out, schema_name="public")
    return thresholds


def procedure_kind_add(*, acting_user: ActingUser, values: dict[str, Any]) -> ProcedureKind:
    """The region adds a kind of assessment procedure to its catalogue (institute staff only)."""
    if not workspace_writer(acting_user):
        raise PermissionDenied(_("Виды процедур добавляют только сотрудники ЛОИРО."))
    return procedure_kind_create(acting_user=acting_user, **values)
