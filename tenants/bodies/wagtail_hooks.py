"""Wagtail hooks of the bodies: audited writes, the admin listings, the checked file downloads."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.actions.registry import ActionRegistry
from wagtail.log_actions import LogActionRegistry

from tenants.audited_actions import audited_actions_register
from tenants.bodies.home import home_register
from tenants.bodies.models import AssociationLeader, Body, BodyMaterial, BodyMeeting, BodyMembership, BodyYear


@hooks.register("register_actions")
def register_actions(registry: ActionRegistry) -> None:
    audited_actions_register(registry, Body, "body")
    audited_actions_register(registry, BodyMembership, "body_membership")
    audited_actions_register(registry, BodyYear, "body_year")
    audited_actions_register(registry, BodyMeeting, "body_meeting")
    audited_actions_register(registry, AssociationLeader, "association_leader")
    audited_actions_register(registry, BodyMaterial, "body_material")


@hooks.register("register_log_actions")
def register_log_actions(actions: LogActionRegistry) -> None:
    actions.register_action(
        "bodies.composition_copy",
        _("Состав скопирован"),
        _("Состав скопирован на другой учебный год"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.bodies.wagtail_viewsets import BodiesViewSetGroup

    return BodiesViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    from tenants.bodies.views import body_file

    return [path("bodies/files/<str:kind>/<int:pk>/<str:field>/", body_file, name="bodies_file")]


home_register()
