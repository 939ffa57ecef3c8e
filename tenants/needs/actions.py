"""Audited write actions of questionnaires and questions for Wagtail's admin: a question of a
questionnaire already sent is neither changed (``Question.clean``) nor deleted — answers given to
it must keep meaning what they meant."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.needs.models import QuestionnaireStatus


class QuestionDeleteAction(AuditedDeleteAction):
    def execute(self, skip_permission_checks: bool = False) -> Any:
        if self.instance.questionnaire.status != QuestionnaireStatus.DRAFT:
            raise PermissionDenied
        return super().execute(skip_permission_checks=skip_permission_checks)


class QuestionnaireDeleteAction(AuditedDeleteAction):
    """A questionnaire with answers is kept: it is the record of the survey."""

    def execute(self, skip_permission_checks: bool = False) -> Any:
        if self.instance.responses.exists():
            raise PermissionDenied
        return super().execute(skip_permission_checks=skip_permission_checks)


QUESTION_ACTION_BASES = (AuditedCreateAction, AuditedEditAction, QuestionDeleteAction)
QUESTIONNAIRE_ACTION_BASES = (AuditedCreateAction, AuditedEditAction, QuestionnaireDeleteAction)
