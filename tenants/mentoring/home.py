"""Mentoring on the staff home (tenants.staff_home, issue 21): the methodologist's and the head's
count of active pairs without a meeting this quarter, linked to the pairs' list so filtered.
A pair names no methodologist, so each of them sees the municipality's count."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.mentoring.models import MentorshipStatus
from tenants.mentoring.selectors import VIEW_PERMISSION, mentorships_without_meeting
from tenants.staff_home import HomeLine, home_section_register


def quiet_pairs_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """One query."""
    count = mentorships_without_meeting(on=today).count()
    url = f"{reverse('mentorships:index')}?{urlencode({'status': MentorshipStatus.ACTIVE, 'quiet': 'on'})}"
    return [
        HomeLine("mentoring.quiet", _("пар наставничества без встречи в этом квартале"), count, url,
                 attention=count > 0),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="mentoring", title=gettext_lazy("Наставничество"), roles=[Role.METHODOLOGIST, Role.HEAD],
        permission=VIEW_PERMISSION, order=40, lines=quiet_pairs_lines,
    )  # fmt: skip
