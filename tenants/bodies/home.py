"""Associations on the head's home (tenants.staff_home): meetings already held this year whose
minutes are not in the system (002 table 2: the association keeps its minutes)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.bodies.models import BodyMeeting
from tenants.bodies.selectors import meeting_without_minutes_q
from tenants.staff_home import HomeLine, home_section_register


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """One query."""
    count = BodyMeeting.objects.filter(meeting_without_minutes_q(today)).count()
    return [
        HomeLine("bodies.without_minutes", _("заседаний объединений без протокола"), count,
                 reverse("body_meetings:index") + "?without_minutes=true", attention=count > 0),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="bodies_head", title=gettext_lazy("Объединения и советы"), roles=[Role.HEAD, Role.METHODOLOGIST],
        permission="bodies.view_bodymeeting", order=60, lines=head_lines,
    )  # fmt: skip
