"""Wagtail hooks of the people app: the admin for teachers and the service's staff, and their audited writes."""

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.imports.engine import import_log_actions_register
from tenants.people.models import Methodologist, ResponsibilityArea, Subject, Teacher


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Teacher, "teacher")
    audited_actions_register(registry, Subject, "subject")
    audited_actions_register(registry, Methodologist, "methodologist")
    audited_actions_register(registry, ResponsibilityArea, "responsibility_area")


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    import_log_actions_register(actions)


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.people.wagtail_viewsets import PeopleViewSetGroup

    return PeopleViewSetGroup()
