"""Wagtail action classes for mentorships: the audited actions plus the status rule and the roll-up.

Registered for :class:`Mentorship` in ``wagtail_hooks``, so the admin's forms and
``tenants.mentoring.services`` share one write path: permissions (when asked), the status
transition check, Wagtail's log entry, our audit row and the region's roll-up in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.audited_actions import AuditedCreateAction, AuditedDeleteAction, AuditedEditAction
from tenants.mentoring.models import STATUS_TRANSITIONS, Mentorship, MentorshipStatus
from tenants.mentoring.rollups import mentoring_rollup_refresh

AUDIT_PREFIX = "mentorship"


def mentorship_transition_check(*, previous: str | None, status: str) -> None:
    """A new pair starts planned or active; then planned → active → completed, or terminated early."""
    if previous is None:
        allowed: tuple[str, ...] = (MentorshipStatus.PLANNED, MentorshipStatus.ACTIVE)
    else:
        allowed = (previous, *STATUS_TRANSITIONS[previous])
    if status not in allowed:
        raise ValidationError(
            {
                "status": _("Нельзя перевести наставничество из статуса «%(from)s» в статус «%(to)s».")
                % {
                    "from": MentorshipStatus(previous).label if previous else "—",
                    "to": MentorshipStatus(status).label,
                }
            },
            code="transition",
        )


class MentorshipCreateAction(AuditedCreateAction):
    audit_prefix = AUDIT_PREFIX

    @transaction.atomic
    def _create(self, skip_permission_checks: bool = False) -> Any:
        mentorship_transition_check(previous=None, status=self.instance.status)
        instance = super()._create(skip_permission_checks)
        mentoring_rollup_refresh()
        return instance


class MentorshipEditAction(AuditedEditAction):
    audit_prefix = AUDIT_PREFIX

    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            stored = Mentorship.objects.select_for_update().filter(pk=self.instance.pk).values_list("status", flat=True)
            mentorship_transition_check(previous=stored.first(), status=self.instance.status)
            result = super().execute(skip_permission_checks=skip_permission_checks)
            mentoring_rollup_refresh()
        return result


class MentorshipDeleteAction(AuditedDeleteAction):
    audit_prefix = AUDIT_PREFIX

    def execute(self, skip_permission_checks: bool = False) -> Any:
        with transaction.atomic():
            result = super().execute(skip_permission_checks=skip_permission_checks)
            mentoring_rollup_refresh()
        return result
