"""Wagtail hooks of the olympiad: the audited actions (stage rules, roll-up) and the admin menu."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.imports.engine import import_log_actions_register
from tenants.olympiads.actions import ACTION_BASES
from tenants.olympiads.models import Olympiad, Participant, PassingScore, Round, SchoolStageCount


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Olympiad, "olympiad", bases=ACTION_BASES)
    audited_actions_register(registry, Round, "olympiad_round", bases=ACTION_BASES)
    audited_actions_register(registry, PassingScore, "olympiad_passing_score", bases=ACTION_BASES)
    audited_actions_register(registry, SchoolStageCount, "olympiad_school_count", bases=ACTION_BASES)
    audited_actions_register(registry, Participant, "olympiad_participant", bases=ACTION_BASES)


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    import_log_actions_register(actions)


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.olympiads.wagtail_viewsets import OlympiadsViewSetGroup

    return OlympiadsViewSetGroup()
