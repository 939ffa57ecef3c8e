"""Wagtail hooks of the organisations app: the register's admin and its audited writes."""

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.imports.engine import import_log_actions_register
from tenants.organisations.models import Organisation, OrganisationSiteStatus, SchoolCoordinator


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Organisation, "organisation")
    audited_actions_register(registry, OrganisationSiteStatus, "organisation_site_status")
    audited_actions_register(registry, SchoolCoordinator, "school_coordinator")


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    import_log_actions_register(actions)


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.organisations.wagtail_viewsets import OrganisationViewSet

    return OrganisationViewSet()
