"""Wagtail action classes for the contests' models: the audited actions plus the teacher's record and the roll-up.

Registered in ``wagtail_hooks`` for every model of the app, so the admin's forms and
``tenants.contests.services`` share one write path: a change to an application or a stage result
re-syncs the teacher's record, and the region's roll-up is written in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.contests.models import Application, StageResult
from tenants.contests.rollup import contest_rollup_refresh
from tenants.contests.services import teacher_record_sync


def _after(instance: Any, user: Any) -> None:
    if isinstance(instance, Application):
        teacher_record_sync(application=instance, acting_user=user)
    elif isinstance(instance, StageResult):
        teacher_record_sync(application=instance.application, acting_user=user)
    contest_rollup_refresh()


class ContestCreateAction(AuditedCreateAction):
    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        instance = super()._create(skip_permission_checks)
        _after(instance, self.user)
        return instance


class ContestEditAction(AuditedEditAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            _after(self.instance, self.user)
        return result


class ContestDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            application = self.instance.application if isinstance(self.instance, StageResult) else None
            result = super().execute(skip_permission_checks=skip_permission_checks)
            if application is not None:
                teacher_record_sync(application=application, acting_user=self.user)
            contest_rollup_refresh()
        return result


ACTION_BASES = (ContestCreateAction, ContestEditAction, ContestDeleteAction)
