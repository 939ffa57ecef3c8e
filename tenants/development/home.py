"""The teacher's growth in their cabinet (tenants.staff_home): the next steps of their route and
their PD due date under the three-year rule."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from tenants.development.models import RouteStep, StepStatus
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import teacher_for_user, teacher_pd_get
from tenants.staff_home import HomeLine, cabinet_lines_register


def _pd_due(due: datetime.date | None, today: datetime.date) -> tuple[int, str]:
    """Days left to the PD due date, and the date in words."""
    if due is None:
        return 0, _("срок прошёл")
    if due < today:
        return 0, _("срок прошёл %(day)s") % {"day": due.strftime("%d.%m.%Y")}
    return (due - today).days, _("срок — %(day)s") % {"day": due.strftime("%d.%m.%Y")}


def cabinet_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Three queries: the teacher record, their planned steps, their PD status."""
    teacher = teacher_for_user(user)
    if teacher is None:
        return []
    url = reverse("development:growth")
    steps = RouteStep.objects.filter(route__teacher=teacher, status=StepStatus.PLANNED).aggregate(
        ahead=Count("pk"), late=Count("pk", filter=Q(target_date__lt=today))
    )
    pd = teacher_pd_get(teacher=teacher, on=today)
    days, pd_note = _pd_due(pd.pd_due, today)
    late_note = _("из них просрочено: %(n)d") % {"n": steps["late"]} if steps["late"] else ""
    return [
        HomeLine("cabinet.route_steps", _("шагов моего маршрута впереди"), steps["ahead"], url,
                 attention=steps["late"] > 0, note=late_note),
        HomeLine("cabinet.pd_due", _("дней до срока повышения квалификации"), days, url,
                 attention=pd.pd_status != PdStatus.UP_TO_DATE, note=pd_note),
    ]  # fmt: skip


def home_register() -> None:
    cabinet_lines_register(key="development", order=20, lines=cabinet_lines)
