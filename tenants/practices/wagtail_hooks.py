"""Wagtail hooks of the bank of best practices: audited actions, the status log entry, the admin screens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.practices.actions import PRACTICE_ACTION_BASES
from tenants.practices.models import Practice
from tenants.practices.services import STATUS_LOG_ACTION


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Practice, "practice", bases=PRACTICE_ACTION_BASES)


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    from wagtail.log_actions import LogFormatter

    @actions.register_action(STATUS_LOG_ACTION)
    class PracticeStatusFormatter(LogFormatter):
        label = _("Решение по практике")

        def format_message(self, log_entry: Any) -> Any:
            from tenants.practices.models import PracticeStatus

            data = log_entry.data or {}
            try:
                status = PracticeStatus(str(data.get("to"))).label
            except ValueError:
                status = data.get("to", "")
            return _("Статус: %(status)s") % {"status": status}

        def format_comment(self, log_entry: Any) -> str:
            return (log_entry.data or {}).get("comment") or ""


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.practices.wagtail_viewsets import PracticeViewSet

    return PracticeViewSet()
