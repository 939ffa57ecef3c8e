"""Wagtail hooks of mentoring: the mentorship actions (status rule, audit, roll-up) and the admin menu."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from tenants.audited_actions import audited_actions_register
from tenants.mentoring.actions import MentorshipCreateAction, MentorshipDeleteAction, MentorshipEditAction
from tenants.mentoring.home import home_register
from tenants.mentoring.models import Mentorship, MentorshipMeeting, SchoolProgramme, SchoolSession


@hooks.register("register_actions")
def register_actions(registry: Any) -> None:
    registry.register(Mentorship, MentorshipCreateAction)
    registry.register(Mentorship, MentorshipEditAction)
    registry.register(Mentorship, MentorshipDeleteAction)
    audited_actions_register(registry, SchoolProgramme, "young_teacher_school")
    audited_actions_register(registry, SchoolSession, "young_teacher_session")
    audited_actions_register(registry, MentorshipMeeting, "mentorship_meeting")


@hooks.register("register_admin_viewset")
def register_viewset() -> Any:
    from tenants.mentoring.wagtail_viewsets import MentoringViewSetGroup

    return MentoringViewSetGroup()


home_register()
