"""Audited actions of the internship register that also rewrite the region's bank of sites in the
same transaction (the admin's forms and the services write alike)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.internships.summary import internships_summary_refresh


class SummaryCreateAction(AuditedCreateAction):
    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        instance = super()._create(skip_permission_checks)
        internships_summary_refresh()
        return instance


class SummaryEditAction(AuditedEditAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            internships_summary_refresh()
        return result


class SummaryDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            internships_summary_refresh()
        return result


SUMMARY_ACTION_BASES = (SummaryCreateAction, SummaryEditAction, SummaryDeleteAction)
