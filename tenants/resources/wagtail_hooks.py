"""Wagtail hooks of the bank of pedagogical information: audited actions and the admin screens."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.resources.models import Resource


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Resource, "resource")


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.resources.wagtail_viewsets import ResourceBankViewSetGroup

    return ResourceBankViewSetGroup()
