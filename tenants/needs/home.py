"""Questionnaires on the staff home (tenants.staff_home) and in the teacher's cabinet: for the
service's staff, questionnaires taking answers and the answers they have; for a teacher, the
questionnaires waiting for their answer."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from tenants.needs.models import QuestionnaireStatus
from tenants.needs.selectors import VIEW_PERMISSION, questionnaire_open_counts, waiting_count_of_user
from tenants.staff_home import HomeLine, cabinet_lines_register, home_section_register


def staff_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Open questionnaires, answers received of those sent (1 query)."""
    counts = questionnaire_open_counts(today=today)
    url = reverse("needs_questionnaires:index") + "?" + urlencode({"status": QuestionnaireStatus.OPEN})
    return [
        HomeLine("needs.open", _("анкет идёт опрос"), counts["open"], url),
        HomeLine(
            "needs.answers", _("ответов получено"), counts["answered"], url,
            note=_("из %(n)s адресатов") % {"n": counts["recipients"]},
        ),
    ]  # fmt: skip


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Questionnaires waiting for the person's answer (1 query)."""
    count = waiting_count_of_user(user, today=today)
    return [
        HomeLine(
            "cabinet.needs_waiting", _("анкет ждут моего ответа"), count, reverse("needs:mine"), attention=count > 0
        )
    ]


def home_register() -> None:
    cabinet_lines_register(key="needs", order=40, lines=cabinet_lines)
    home_section_register(
        key="needs", title=gettext_lazy("Анкеты потребностей"), roles=[Role.HEAD, Role.METHODOLOGIST],
        permission=VIEW_PERMISSION, order=60, lines=staff_lines,
    )  # fmt: skip
