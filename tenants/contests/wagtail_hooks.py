"""Wagtail hooks of the teachers' contests: audited actions (record, roll-up), the admin menu, the homes."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.contests.actions import ACTION_BASES
from tenants.contests.home import home_register
from tenants.contests.models import (
    Application,
    ApplicationDocument,
    Contest,
    ContestStage,
    Criterion,
    JuryMember,
    Nomination,
    StageResult,
)


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Contest, "contest", bases=ACTION_BASES)
    audited_actions_register(registry, ContestStage, "contest_level", bases=ACTION_BASES)
    audited_actions_register(registry, Nomination, "contest_nomination", bases=ACTION_BASES)
    audited_actions_register(registry, Criterion, "contest_criterion", bases=ACTION_BASES)
    audited_actions_register(registry, JuryMember, "contest_juror", bases=ACTION_BASES)
    audited_actions_register(registry, Application, "contest_application", bases=ACTION_BASES)
    audited_actions_register(registry, ApplicationDocument, "contest_document", bases=ACTION_BASES)
    audited_actions_register(registry, StageResult, "contest_stage_result", bases=ACTION_BASES)


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.contests.wagtail_viewsets import ContestsViewSetGroup

    return ContestsViewSetGroup()


home_register()
