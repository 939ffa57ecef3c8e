"""Audited actions of innovation projects that also write the region's roll-up and its list of projects
in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.innovation.bank import innovation_bank_refresh
from tenants.innovation.rollup import innovation_rollup_refresh


def _region_refresh() -> None:
    innovation_rollup_refresh()
    innovation_bank_refresh()


class ProjectCreateAction(AuditedCreateAction):
    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        instance = super()._create(skip_permission_checks)
        _region_refresh()
        return instance


class ProjectEditAction(AuditedEditAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            _region_refresh()
        return result


class ProjectDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            _region_refresh()
        return result


PROJECT_ACTION_BASES = (ProjectCreateAction, ProjectEditAction, ProjectDeleteAction)
