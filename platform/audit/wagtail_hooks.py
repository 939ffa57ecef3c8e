"""The head's audit screen in the municipality's Wagtail admin, in the menu for the head only."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from audit.admin_views import MunicipalAuditViewSet


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    return MunicipalAuditViewSet()
