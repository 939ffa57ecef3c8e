"""Wagtail hooks of the internship register: audited actions (rewriting the region's bank), the admin menu, the home."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.internships.actions import SUMMARY_ACTION_BASES
from tenants.internships.home import home_register
from tenants.internships.models import Internship, InternshipProgramme, InternshipSite


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, InternshipSite, "internship_site", bases=SUMMARY_ACTION_BASES)
    audited_actions_register(registry, InternshipProgramme, "internship_programme", bases=SUMMARY_ACTION_BASES)
    audited_actions_register(registry, Internship, "internship", bases=SUMMARY_ACTION_BASES)


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.internships.wagtail_viewsets import InternshipsViewSetGroup

    return InternshipsViewSetGroup()


home_register()
