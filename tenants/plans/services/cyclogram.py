"""The cyclogram's recurring duties put into a draft plan (001 §3.2), next year's plan started as a
copy of this one, and the cyclogram's approval by the committee chair (001 §3.2).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ActingUser, signed_in_user
from audit.services import audit_record_municipal
from tenants.plans.models import (
    AnnualPlan,
    CyclogramDuty,
    CyclogramReview,
    CyclogramStatus,
    ItemStatus,
    PlanItem,
)
from tenants.plans.selectors import cyclogram_snapshot
from tenants.plans.services.items import item_number_next
from tenants.plans.services.workflow import permission_require, plan_create, plan_lock, plan_rollup


@transaction.atomic
def cyclogram_generate(
    *,
    plan: AnnualPlan,
    acting_user: ActingUser,
    duties: Iterable[CyclogramDuty] | None = None,
    skip_permission_checks: bool = False,
) -> list[PlanItem]:
    """Put the cyclogram's recurring duties into a draft plan, one item per duty and month (001 §3.2).

    Runs again without duplicates: a duty's month already in the plan is skipped.
    """
    permission_require(
        acting_user, "plans.add_planitem", _("Нет права добавлять мероприятия в план."), skip=skip_permission_checks
    )
    locked = plan_lock(plan)
    if not locked.is_editable_in_place:
        raise ValidationError(_("Циклограмма переносится в черновик плана или в план, возвращённый на доработку."))
    chosen = list(duties) if duties is not None else list(CyclogramDuty.objects.filter(is_active=True))
    taken = set(
        PlanItem.objects.filter(plan=plan, cyclogram_duty__isnull=False).values_list("cyclogram_duty_id", "month")
    )
    number = item_number_next(plan)
    created: list[PlanItem] = []
    for duty in chosen:
        for month in duty.months:
            if (duty.pk, month) in taken:
                continue
            created.append(
                PlanItem(
                    plan=plan,
                    number=number,
                    direction_id=duty.direction_id,
                    form=duty.form,
                    topic=duty.title,
                    audience=duty.audience,
                    month=month,
                    responsible_id=duty.responsible_id,
                    expected_result=duty.expected_result,
                    cyclogram_duty=duty,
                )
            )
            number += 1
    PlanItem.objects.bulk_create(created)
    audit_record_municipal(
        action="plan.cyclogram_generate",
        acting_user=acting_user,
        target=f"annualplan#{plan.pk}: {plan}",
        data={"id": plan.pk, "created": len(created)},
    )
    plan_rollup(plan)
    return created


def _shifted(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def plan_copy_to_next_year(
    *, plan: AnnualPlan, acting_user: ActingUser, skip_permission_checks: bool = False
) -> AnnualPlan:
    """Start next year's plan as a copy of this one: dates a year later, every item planned again.

    Items in effect are copied (cancelled ones are not: they were dropped from this year's
    plan); results, participants and links to the unified calendar's events are left behind.
    """
    new_plan = plan_create(
        academic_year=plan.year.next(),
        acting_user=acting_user,
        note=plan.note,
        skip_permission_checks=skip_permission_checks,
    )
    copies = [
        PlanItem(
            plan=new_plan,
            number=n,
            direction_id=i.direction_id,
            form=i.form,
            topic=i.topic,
            audience=i.audience,
            month=i.month,
            date_start=_shifted(i.date_start),
            date_end=_shifted(i.date_end),
            responsible_id=i.responsible_id,
            responsible_user_id=i.responsible_user_id,
            responsible_text=i.responsible_text,
            organisation_id=i.organisation_id,
            body_id=i.body_id,
            expected_result=i.expected_result,
            cyclogram_duty_id=i.cyclogram_duty_id,
        )
        for n, i in enumerate(
            PlanItem.objects.filter(plan=plan)
            .in_effect()
            .exclude(status=ItemStatus.CANCELLED)
            .order_by("number", "pk"),
            start=1,
        )
    ]
    PlanItem.objects.bulk_create(copies)
    audit_record_municipal(
        action="plan.copy",
        acting_user=acting_user,
        target=f"annualplan#{new_plan.pk}: {new_plan}",
        data={"id": new_plan.pk, "from": plan.pk, "items": len(copies)},
    )
    plan_rollup(new_plan)
    return new_plan


# --- approval by the committee chair (001 §3.2) -----------------------------------------------


def _latest_review() -> CyclogramReview | None:
    return CyclogramReview.objects.select_for_update().order_by("-acted_at", "-pk").first()


@transaction.atomic
def cyclogram_submit(*, acting_user: ActingUser, skip_permission_checks: bool = False) -> CyclogramReview:
    """The head sends the cyclogram as it stands to the committee chair for approval."""
    permission_require(
        acting_user,
        "plans.submit_annualplan",
        _("Направлять циклограмму на утверждение может руководитель службы."),
        skip=skip_permission_checks,
    )
    latest = _latest_review()
    if latest is not None and latest.status == CyclogramStatus.SUBMITTED:
        raise ValidationError(_("Циклограмма уже направлена на утверждение."))
    snapshot = cyclogram_snapshot()
    if not snapshot:
        raise ValidationError(_("В циклограмме нет действующих пунктов."))
    if latest is not None and latest.status == CyclogramStatus.APPROVED and latest.duties == snapshot:
        raise ValidationError(_("Циклограмма утверждена и с тех пор не менялась."))
    review = CyclogramReview.objects.create(
        status=CyclogramStatus.SUBMITTED, duties=snapshot, acted_by=signed_in_user(acting_user)
    )
    audit_record_municipal(
        action="cyclogram.submit", acting_user=acting_user, target=review, data={"duties": len(snapshot)}
    )
    return review


def _decide(status: str, acting_user: ActingUser, comment: str, skip_permission_checks: bool) -> CyclogramReview:
    permission_require(
        acting_user,
        "plans.approve_annualplan",
        _("Утверждать циклограмму и возвращать её может председатель комитета."),
        skip=skip_permission_checks,
    )
    latest = _latest_review()
    if latest is None or latest.status != CyclogramStatus.SUBMITTED:
        raise ValidationError(_("Циклограмма не направлена на утверждение."))
    comment = comment.strip()
    if status == CyclogramStatus.RETURNED and not comment:
        raise ValidationError({"comment": _("Напишите, что доработать.")})
    review = CyclogramReview.objects.create(
        status=status, comment=comment[:4000], duties=latest.duties, acted_by=signed_in_user(acting_user)
    )
    action = "cyclogram.approve" if status == CyclogramStatus.APPROVED else "cyclogram.return"
    audit_record_municipal(action=action, acting_user=acting_user, target=review, data={"comment": comment[:200]})
    return review


@transaction.atomic
def cyclogram_approve(
    *, acting_user: ActingUser, comment: str = "", skip_permission_checks: bool = False
) -> CyclogramReview:
    """The chair approves the cyclogram as it was submitted."""
    return _decide(CyclogramStatus.APPROVED, acting_user, comment, skip_permission_checks)


@transaction.atomic
def cyclogram_return(*, acting_user: ActingUser, comment: str, skip_permission_checks: bool = False) -> CyclogramReview:
    """The chair returns the cyclogram with what to improve."""
    return _decide(CyclogramStatus.RETURNED, acting_user, comment, skip_permission_checks)
