"""Internships on the staff home and in the teacher's cabinet (tenants.staff_home): applications
waiting for an answer, internships over without their outcomes, the institute's proposals waiting;
the teacher's own applications and internships."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from regional_banks.selectors import internship_proposals_waiting_count
from tenants.internships.models import Enrolment, EnrolmentOutcome, EnrolmentStatus
from tenants.internships.selectors import internships_attention
from tenants.municipalities.selectors import current_municipality
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register

PERMISSION = "internships.view_enrolment"


def staff_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Two queries: applications and internships to sum up together, proposals of the institute."""
    internships = reverse("internships:index")
    counts = internships_attention(today=today)
    waiting, to_finish = counts["applications"], counts["to_finish"]
    municipality = current_municipality()
    proposals = internship_proposals_waiting_count(municipality=municipality) if municipality else 0
    return [
        HomeLine("internships.applications", _("заявок на стажировки ждут ответа"), waiting, internships,
                 attention=waiting > 0),
        HomeLine("internships.to_finish", _("стажировок прошло без подведённых итогов"), to_finish, internships,
                 attention=to_finish > 0),
        HomeLine("internships.proposals", _("предложений стажировок от ЛОИРО ждут ответа"), proposals,
                 reverse("internship_proposals:index"), attention=proposals > 0),
    ]  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The teacher's applications waiting and internships completed (1 query)."""
    counts = Enrolment.objects.filter(teacher__user_id=user.pk).aggregate(
        waiting=Count("pk", filter=Q(status=EnrolmentStatus.APPLIED)),
        ahead=Count("pk", filter=Q(status=EnrolmentStatus.ENROLLED, internship__ends_on__gte=today)),
        completed=Count("pk", filter=Q(outcome=EnrolmentOutcome.COMPLETED)),
    )
    url = reverse("internships_cabinet:mine")
    return [
        HomeLine("cabinet.internship_applications", _("моих заявок на стажировки ждут ответа"), counts["waiting"], url),
        HomeLine("cabinet.internships_ahead", _("стажировок, куда я зачислен(а)"), counts["ahead"], url),
        HomeLine("cabinet.internships_completed", _("пройденных стажировок"), counts["completed"], url),
    ]


def home_register() -> None:
    cabinet_lines_register(key="internships", order=25, lines=cabinet_lines)
    home_section_register(
        key="internships", title=gettext_lazy("Стажировки"), roles=[Role.METHODOLOGIST, Role.HEAD],
        permission=PERMISSION, order=45, lines=staff_lines,
    )  # fmt: skip
