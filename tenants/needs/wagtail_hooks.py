"""Wagtail hooks of needs questionnaires: audited actions, the admin menu, the home's lines."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.needs.actions import QUESTION_ACTION_BASES, QUESTIONNAIRE_ACTION_BASES
from tenants.needs.home import home_register
from tenants.needs.models import Question, Questionnaire


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    audited_actions_register(registry, Questionnaire, "needs_questionnaire", bases=QUESTIONNAIRE_ACTION_BASES)
    audited_actions_register(registry, Question, "needs_question", bases=QUESTION_ACTION_BASES)


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.needs.wagtail_viewsets import NeedsViewSetGroup

    return NeedsViewSetGroup()


home_register()
