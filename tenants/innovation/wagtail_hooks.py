"""Wagtail hooks of the innovation projects register: audited actions and the admin menu."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.innovation.actions import PROJECT_ACTION_BASES
from tenants.innovation.models import InnovationProject, InnovationReport


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, InnovationProject, "innovation_project", bases=PROJECT_ACTION_BASES)
    audited_actions_register(registry, InnovationReport, "innovation_report")


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.innovation.wagtail_viewsets import InnovationViewSetGroup

    return InnovationViewSetGroup()
