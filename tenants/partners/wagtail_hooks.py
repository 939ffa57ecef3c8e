"""Wagtail hooks of the network partners: audited actions and the admin menu."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.partners.models import JointProject, Partner, PartnerAgreement


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Partner, "partner")
    audited_actions_register(registry, PartnerAgreement, "partner_agreement")
    audited_actions_register(registry, JointProject, "joint_project")


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.partners.wagtail_viewsets import PartnersViewSetGroup

    return PartnersViewSetGroup()
