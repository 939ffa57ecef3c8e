"""Wagtail hooks of the development app: its actions (audit, rules, roll-up), log entries, the admin screens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.development.actions import (
    CourseRecordRules,
    DeficitRules,
    DiagnosticRules,
    LearningRouteRules,
    development_actions,
)
from tenants.development.home import home_register
from tenants.development.models import CompetenceArea, CourseOffer, CourseRecord, Deficit, Diagnostic, LearningRoute
from tenants.development.services import ROUTE_COMPLETED_LOG_ACTION, STEP_DONE_LOG_ACTION
from tenants.imports.engine import import_log_actions_register


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, CourseRecord, "course_record", bases=development_actions(CourseRecordRules))
    audited_actions_register(registry, CourseOffer, "course_offer", bases=development_actions())
    audited_actions_register(registry, CompetenceArea, "competence_area", bases=development_actions())
    audited_actions_register(registry, Diagnostic, "diagnostic", bases=development_actions(DiagnosticRules))
    audited_actions_register(registry, Deficit, "deficit", bases=development_actions(DeficitRules))
    audited_actions_register(registry, LearningRoute, "learning_route", bases=development_actions(LearningRouteRules))


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    from wagtail.log_actions import LogFormatter

    import_log_actions_register(actions)

    @actions.register_action(STEP_DONE_LOG_ACTION)
    class StepDoneFormatter(LogFormatter):
        label = _("Шаг маршрута выполнен")

        def format_message(self, log_entry: Any) -> Any:
            reason = (log_entry.data or {}).get("reason", "")
            if reason == "course":
                return _("Шаг выполнен: пройден курс")
            if str(reason).startswith("event:"):
                return _("Шаг выполнен: отмечено присутствие на мероприятии")
            return _("Шаг отмечен выполненным")

    @actions.register_action(ROUTE_COMPLETED_LOG_ACTION)
    class RouteCompletedFormatter(LogFormatter):
        label = _("Маршрут выполнен")

        def format_message(self, log_entry: Any) -> Any:
            closed = len((log_entry.data or {}).get("deficits_closed", []))
            return _("Маршрут выполнен; закрыто дефицитов: %(n)d") % {"n": closed}


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.development.wagtail_viewsets import DevelopmentViewSetGroup

    return DevelopmentViewSetGroup()


home_register()
