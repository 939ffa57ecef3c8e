"""Wagtail action classes for the olympiad's models: the audited actions plus the stage rules and the roll-up.

Registered in ``wagtail_hooks`` for every model of the app, so the admin's forms and
``tenants.olympiads.services`` share one write path: a participant's «goes on» is worked out
from the grade's passing score before it is saved, a passing score or a round's change
recounts its participants, and the region's roll-up is written in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.olympiads.advancement import participant_advances, round_advancement_refresh
from tenants.olympiads.models import Participant, PassingScore, Round
from tenants.olympiads.rollup import olympiad_rollup_refresh


def _before(instance: Any) -> None:
    if isinstance(instance, Participant):
        instance.advances = participant_advances(instance)


def _after(instance: Any) -> None:
    if isinstance(instance, PassingScore):
        round_advancement_refresh(instance.round)
    elif isinstance(instance, Round) and instance.pk is not None:
        round_advancement_refresh(instance)
    olympiad_rollup_refresh()


class OlympiadCreateAction(AuditedCreateAction):
    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        _before(self.instance)
        instance = super()._create(skip_permission_checks)
        _after(instance)
        return instance


class OlympiadEditAction(AuditedEditAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            _before(self.instance)
            result = super().execute(skip_permission_checks=skip_permission_checks)
            _after(self.instance)
        return result


class OlympiadDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            if isinstance(self.instance, PassingScore):
                round_advancement_refresh(self.instance.round)
            olympiad_rollup_refresh()
        return result


ACTION_BASES = (OlympiadCreateAction, OlympiadEditAction, OlympiadDeleteAction)
