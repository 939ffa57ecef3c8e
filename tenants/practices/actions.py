"""Audited actions of practices that keep the region's bank in step: an edit reaches a nomination
still waiting, a deletion withdraws the practice from the region (same transaction)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.practices.regional import practice_regional_sync, practice_regional_withdraw


class PracticeEditAction(AuditedEditAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            practice_regional_sync(self.instance)
        return result


class PracticeDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            pk = self.instance.pk
            result = super().execute(skip_permission_checks=skip_permission_checks)
            practice_regional_withdraw(practice_id=pk, acting_user=self.user, reason="deleted")
        return result


PRACTICE_ACTION_BASES = (AuditedCreateAction, PracticeEditAction, PracticeDeleteAction)
