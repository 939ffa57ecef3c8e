"""Contests on the staff home and in the teacher's cabinet (tenants.staff_home).

For the methodologist and the head: applications waiting for a decision, and the jurors' sheets
not complete in contests whose results are not yet published. In the cabinet: the person's own
applications and results, and the sheets they still owe as a juror.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.contests.models import AWARDED, ApplicationStatus, Contest, JuryMember, TeacherContestRecord
from tenants.contests.selectors import VIEW_PERMISSION, juror_sheets_waiting
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register


def staff_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Applications waiting and jurors whose sheet is not complete in contests not yet published (two queries)."""
    waiting = Contest.objects.aggregate(
        n=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED))
    )["n"]
    admitted = Q(contest__applications__status=ApplicationStatus.ACCEPTED)
    jurors = JuryMember.objects.filter(contest__results_published_at__isnull=True).annotate(
        marks=Count("scores", filter=Q(scores__application__status=ApplicationStatus.ACCEPTED), distinct=True),
        participants=Count("contest__applications", filter=admitted, distinct=True),
        criteria=Count("contest__criteria", distinct=True),
    )
    incomplete = sum(1 for j in jurors.values("marks", "participants", "criteria")
                     if j["marks"] < j["participants"] * j["criteria"])  # fmt: skip
    applications = reverse("contest_applications:index") + "?" + urlencode({"status": ApplicationStatus.SUBMITTED})
    return [
        HomeLine("contests.applications_waiting", _("заявок на конкурсы ждут решения"), waiting, applications,
                 attention=waiting > 0),
        HomeLine("contests.sheets_incomplete", _("листов оценки жюри не заполнено"), incomplete,
                 reverse("contests_admin:index")),
    ]  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The person's applications and results (one query), and the sheets they owe as a juror."""
    url = reverse("contests:mine")
    mine = TeacherContestRecord.objects.filter(teacher__user_id=user.pk).aggregate(
        results=Count("pk", filter=Q(result__in=AWARDED)),
    )
    applications = (
        Contest.objects.filter(applications__teacher__user_id=user.pk)
        .exclude(applications__status=ApplicationStatus.WITHDRAWN)
        .count()
    )
    lines = [
        HomeLine("cabinet.contest_applications", _("моих заявок на конкурсы"), applications, url),
        HomeLine("cabinet.contest_awards", _("моих побед и призовых мест в конкурсах"), mine["results"], url),
    ]
    sheets = juror_sheets_waiting(user)
    if sheets:
        lines.append(
            HomeLine("cabinet.jury_sheets", _("участников ждут моей оценки в жюри"), sheets, url, attention=True)
        )
    return lines


def home_register() -> None:
    cabinet_lines_register(key="contests", order=40, lines=cabinet_lines)
    home_section_register(
        key="contests", title=gettext_lazy("Конкурсы педагогов"), roles=[Role.METHODOLOGIST, Role.HEAD],
        permission=VIEW_PERMISSION, order=60, lines=staff_lines,
    )  # fmt: skip
