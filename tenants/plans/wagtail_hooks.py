"""Wagtail hooks of the annual plan: audited actions, log entries, the admin screens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.plans.home import home_register
from tenants.plans.models import AnnualPlan, CyclogramDuty, Direction, PlanItem
from tenants.plans.services import CORRECTION_LOG_ACTION, TRANSITION_LOG_ACTION


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, AnnualPlan, "plan")
    audited_actions_register(registry, PlanItem, "plan_item")
    audited_actions_register(registry, Direction, "plan_direction")
    audited_actions_register(registry, CyclogramDuty, "cyclogram_duty")


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    from wagtail.log_actions import LogFormatter

    @actions.register_action(TRANSITION_LOG_ACTION)
    class PlanTransitionFormatter(LogFormatter):
        label = _("Смена статуса плана")

        def format_message(self, log_entry: Any) -> Any:
            from rollups.models import PlanStatus

            data = log_entry.data or {}
            try:
                status = PlanStatus(str(data.get("to"))).label
            except ValueError:
                status = data.get("to", "")
            return _("Статус плана: %(status)s") % {"status": status}

        def format_comment(self, log_entry: Any) -> str:
            return (log_entry.data or {}).get("comment") or ""

    @actions.register_action(CORRECTION_LOG_ACTION)
    class PlanCorrectionFormatter(LogFormatter):
        label = _("Коррекция плана применена")

        def format_message(self, log_entry: Any) -> Any:
            data = log_entry.data or {}
            return _("Коррекция применена: добавлено %(add)s, перенесено %(move)s, отменено %(cancel)s") % {
                "add": data.get("add", 0),
                "move": data.get("move", 0),
                "cancel": data.get("cancel", 0),
            }


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.plans.wagtail_viewsets import plans_viewset_group

    return plans_viewset_group()


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    from django.urls import include, path

    from tenants.plans.wagtail_viewsets import plan_screen_urls

    return [path("plan/", include((plan_screen_urls(), "plans_screen"), namespace="plans_screen"))]


home_register()
