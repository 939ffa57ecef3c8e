"""Wagtail hooks of the quality of education: audited actions, log entries, the admin screens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.imports.engine import import_log_actions_register
from tenants.quality.models import (
    AssessmentProcedure,
    AssessmentResult,
    ObservationCriterion,
    SupportMeasure,
    SupportProgramme,
    Visit,
)
from tenants.quality.services.programmes import TRANSITION_LOG_ACTION


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, AssessmentProcedure, "assessment_procedure")
    audited_actions_register(registry, AssessmentResult, "assessment_result")
    audited_actions_register(registry, SupportProgramme, "support_programme")
    audited_actions_register(registry, SupportMeasure, "support_measure")
    audited_actions_register(registry, Visit, "visit")
    audited_actions_register(registry, ObservationCriterion, "observation_criterion")


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    from wagtail.log_actions import LogFormatter

    from tenants.quality.models import ProgrammeStatus

    import_log_actions_register(actions)

    @actions.register_action(TRANSITION_LOG_ACTION)
    class ProgrammeTransitionFormatter(LogFormatter):
        label = _("Смена статуса программы")

        def format_message(self, log_entry: Any) -> Any:
            data = log_entry.data or {}
            to = data.get("to", "")
            label = ProgrammeStatus(to).label if to in ProgrammeStatus.values else to
            return _("Статус программы: %(status)s") % {"status": label}


@hooks.register("register_admin_viewset")
def register_viewsets() -> Any:
    from tenants.quality.wagtail_viewsets import QualityViewSetGroup

    return QualityViewSetGroup()
