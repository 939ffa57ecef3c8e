"""The annual plan on the staff home (tenants.staff_home): the head's plan and what waits on whom,
the methodologist's items of this month and last month's not marked, the chair's plans to approve."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from rollups.models import PlanStatus
from tenants.academic_years import AcademicYear
from tenants.people.models import Methodologist
from tenants.plans.models import AnnualPlan, ItemStatus, PlanItem
from tenants.plans.selectors import APPROVE_PERMISSION, VIEW_PERMISSION, plan_for_year
from tenants.staff_home import HomeLine, home_section_register


def _last_month(today: datetime.date) -> int:
    return (today.replace(day=1) - datetime.timedelta(days=1)).month


def _plan_url(plan: AnnualPlan, **filters: object) -> str:
    url = reverse("plans_screen:plan", args=(plan.pk,))
    return f"{url}?{urlencode(filters)}" if filters else url


def _waits_on(plan: AnnualPlan) -> str:
    labels: dict[str, str] = {
        PlanStatus.DRAFT: _("черновик: ждёт отправки руководителем"),
        PlanStatus.SUBMITTED: _("на утверждении: ждёт председателя комитета"),
        PlanStatus.RETURNED: _("возвращён: ждёт доработки руководителем"),
        PlanStatus.APPROVED: _("утверждён"),
        PlanStatus.IN_EXECUTION: _("исполняется"),
    }
    return labels.get(plan.status, plan.get_status_display())


def head_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The year's plan: its status and whom it waits on, last month's items not marked (2 queries)."""
    year = AcademicYear.of(today)
    plan = plan_for_year(academic_year=year)
    if plan is None:
        return [
            HomeLine(
                "plans.status",
                _("мероприятий в годовом плане %(year)s") % {"year": year.label},
                0,
                reverse("plans:index"),
                attention=True,
                note=_("план не создан"),
            )
        ]  # fmt: skip
    month = _last_month(today)
    counts = (
        PlanItem.objects.filter(plan=plan)
        .in_effect()
        .aggregate(
            total=Count("pk", filter=~Q(status=ItemStatus.CANCELLED)),
            unmarked=Count("pk", filter=Q(month=month, status=ItemStatus.PLANNED)),
        )
    )
    waiting = plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
    lines = [
        HomeLine(
            "plans.status", _("мероприятий в годовом плане %(year)s") % {"year": year.label}, counts["total"],
            _plan_url(plan), attention=waiting, note=_waits_on(plan),
        )
    ]  # fmt: skip
    if plan.status in (PlanStatus.APPROVED, PlanStatus.IN_EXECUTION):
        lines.append(
            HomeLine(
                "plans.unmarked", _("мероприятий прошлого месяца не отмечено"), counts["unmarked"],
                _plan_url(plan, status=ItemStatus.PLANNED, month=month), attention=counts["unmarked"] > 0,
            )
        )  # fmt: skip
    return lines


def methodologist_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """The methodologist's own items: this month's, and last month's not yet marked (3 queries)."""
    methodologist = Methodologist.objects.filter(user=user).first()
    plan = plan_for_year(academic_year=AcademicYear.of(today))
    if methodologist is None or plan is None:
        return []
    month, last = today.month, _last_month(today)
    counts = (
        PlanItem.objects.filter(plan=plan, responsible=methodologist)
        .in_effect()
        .aggregate(
            this_month=Count("pk", filter=Q(month=month) & ~Q(status=ItemStatus.CANCELLED)),
            unmarked=Count("pk", filter=Q(month=last, status=ItemStatus.PLANNED)),
        )
    )
    return [
        HomeLine(
            "plans.mine_month", _("моих мероприятий плана в этом месяце"), counts["this_month"],
            _plan_url(plan, responsible=methodologist.pk, month=month),
        ),
        HomeLine(
            "plans.mine_unmarked", _("моих мероприятий прошлого месяца не отмечено"), counts["unmarked"],
            _plan_url(plan, responsible=methodologist.pk, month=last, status=ItemStatus.PLANNED),
            attention=counts["unmarked"] > 0,
        ),
    ]  # fmt: skip


def chair_lines(user: User, today: datetime.date) -> list[HomeLine]:
    """Plans waiting for the chair's approval (000 §3.2) (1 query)."""
    waiting = list(AnnualPlan.objects.filter(status=PlanStatus.SUBMITTED).order_by("academic_year"))  # one a year
    url = _plan_url(waiting[0]) if len(waiting) == 1 else f"{reverse('plans:index')}?status={PlanStatus.SUBMITTED}"
    return [HomeLine("plans.to_approve", _("планов ждут утверждения"), len(waiting), url, attention=bool(waiting))]


def home_register() -> None:
    home_section_register(
        key="plans_head", title=gettext_lazy("Годовой план"), roles=[Role.HEAD], permission=VIEW_PERMISSION,
        order=10,
        lines=head_lines,
    )  # fmt: skip
    home_section_register(
        key="plans_mine", title=gettext_lazy("Мой план"), roles=[Role.METHODOLOGIST], permission=VIEW_PERMISSION,
        order=20,
        lines=methodologist_lines,
    )  # fmt: skip
    home_section_register(
        key="plans_chair", title=gettext_lazy("На утверждение"), roles=[Role.CHAIR], permission=APPROVE_PERMISSION,
        order=10,
        lines=chair_lines,
    )  # fmt: skip
