"""The institute's comments on the head's home (tenants.staff_home): ЛОИРО's comments on the plan
that the municipality has not answered yet."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from institute.models import CommentSide, PlanComment
from tenants.municipalities.selectors import current_municipality
from tenants.staff_home import HomeLine, home_section_register


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """One query."""
    municipality = current_municipality()
    if municipality is None:
        return []
    unanswered = (
        PlanComment.objects.filter(municipality=municipality, parent__isnull=True, side=CommentSide.INSTITUTE)
        .exclude(replies__side=CommentSide.MUNICIPALITY)
        .count()
    )
    return [
        HomeLine("institute.unanswered", _("комментариев ЛОИРО без ответа"), unanswered,
                 reverse("municipal_plan_comments"), attention=unanswered > 0),
    ]  # fmt: skip


def home_register() -> None:
    home_section_register(
        key="institute_head", title=gettext_lazy("Комментарии ЛОИРО"), roles=[Role.HEAD], permission="",
        order=15, lines=head_lines,
    )  # fmt: skip
