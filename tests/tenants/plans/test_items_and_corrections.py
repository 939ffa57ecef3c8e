"""Items, corrections and the plan as of a date (001 §3.3), execution, cyclogram, copy to next year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from rollups.models import PlanStatus
from tenants.plans.models import CyclogramDuty, ItemForm, ItemStatus, PlanCorrectionKind, PlanItem
from tenants.plans.selectors import plan_items, plan_items_as_of, plan_summary
from tenants.plans.services import (
    cyclogram_generate,
    plan_copy_to_next_year,
    plan_correction_apply,
    plan_correction_cancel,
    plan_correction_create,
    plan_correction_move,
    plan_item_create,
    plan_item_mark_done,
    plan_item_update,
)
from tests.tenants.plans.conftest import approved_plan, direction, draft_plan, item_fields, items_of


def test_a_methodologist_adds_and_edits_items_of_a_draft(muni_a, methodologist_a):
    with tenant_context(muni_a):
        plan = draft_plan(items=0)
        item = plan_item_create(
            plan=plan, acting_user=methodologist_a, **item_fields(date_start=datetime.date(2025, 10, 14), month=None)
        )
        assert item.number == 1 and item.month == 10  # the month follows the date
        plan_item_update(item=item, acting_user=methodologist_a, data={"topic": "Смысловое чтение"})
        assert PlanItem.objects.get(pk=item.pk).topic == "Смысловое чтение"
    assert AuditEntry.objects.filter(action="plan_item.create", actor=methodologist_a).exists()


def test_item_validation_speaks_russian(muni_a, methodologist_a):
    with tenant_context(muni_a):
        plan = draft_plan(items=0)
        with pytest.raises(ValidationError, match="месяц или даты"):
            plan_item_create(plan=plan, acting_user=methodologist_a, **item_fields(month=None))
        with pytest.raises(ValidationError, match="вне учебного года"):
            plan_item_create(
                plan=plan, acting_user=methodologist_a, **item_fields(month=None, date_start=datetime.date(2027, 1, 10))
            )


def test_an_approved_plan_takes_items_only_through_a_correction(muni_a, methodologist_a, head_a):
    with tenant_context(muni_a):
        plan = approved_plan()
        with pytest.raises(ValidationError, match="только через коррекцию"):
            plan_item_create(plan=plan, acting_user=methodologist_a, **item_fields())
        with pytest.raises(ValidationError, match="только через коррекцию"):
            plan_item_update(item=items_of(plan)[0], acting_user=methodologist_a, data={"topic": "x"})
        correction = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.QUARTER,
            period_start=datetime.date(2025, 11, 5),
            reason="Приказ комитета о проведении конкурса",
            acting_user=methodologist_a,
        )
        assert correction.period_start == datetime.date(2025, 10, 1)
        added = plan_item_create(
            plan=plan,
            acting_user=methodologist_a,
            correction=correction,
            reason="Новый конкурс",
            **item_fields(topic="Конкурс «Педагог года»", form=ItemForm.CONTEST, month=11),
        )
        assert added not in plan_items(plan=plan)  # not in effect until applied
        with pytest.raises(PermissionDenied):
            plan_correction_apply(correction=correction, acting_user=methodologist_a)
        plan_correction_apply(correction=correction, acting_user=head_a)
        assert added in plan_items(plan=plan)
        with pytest.raises(ValidationError, match="уже применена"):
            plan_item_create(plan=plan, acting_user=methodologist_a, correction=correction, **item_fields())


def test_moves_and_cancellations_and_the_plan_as_of_a_date(muni_a, methodologist_a, head_a):
    with tenant_context(muni_a):
        plan = approved_plan(items=3)
        first, second, third = items_of(plan)
        correction = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.MONTH,
            period_start=datetime.date(2025, 10, 1),
            reason="Карантин",
            acting_user=methodologist_a,
        )
        plan_correction_move(
            correction=correction, item=second, new_month=12, reason="Карантин в школах", acting_user=methodologist_a
        )
        plan_correction_cancel(correction=correction, item=third, reason="Нет площадки", acting_user=methodologist_a)
        with pytest.raises(ValidationError, match="уже есть в коррекции"):
            plan_correction_cancel(correction=correction, item=third, reason="ещё раз", acting_user=methodologist_a)
        with pytest.raises(ValidationError, match="причину"):
            plan_correction_cancel(correction=correction, item=first, reason="", acting_user=methodologist_a)
        before_apply = datetime.date.today()
        as_before = {r.item.pk: r for r in plan_items_as_of(plan=plan, on=before_apply - datetime.timedelta(days=1))}
        plan_correction_apply(correction=correction, acting_user=head_a)
        second.refresh_from_db()
        third.refresh_from_db()
        assert (second.status, second.month, third.status) == (ItemStatus.MOVED, 12, ItemStatus.CANCELLED)

        # Yesterday the plan was the approved version; today it has the correction.
        assert as_before[second.pk].month == 10 and as_before[second.pk].status == ItemStatus.PLANNED
        assert as_before[third.pk].status == ItemStatus.PLANNED
        today = {r.item.pk: r for r in plan_items_as_of(plan=plan, on=before_apply)}
        assert today[second.pk].month == 12 and today[second.pk].status == ItemStatus.MOVED
        assert today[second.pk].reason == "Карантин в школах"
        assert today[third.pk].status == ItemStatus.CANCELLED and today[third.pk].reason == "Нет площадки"

        with pytest.raises(ValidationError):
            plan_item_mark_done(item=third, participants=10, actual_result="—", acting_user=methodologist_a)
        summary = plan_summary(plan=plan)
        assert [r.reason for r in summary.moved] == ["Карантин в школах"]
        assert [r.reason for r in summary.cancelled] == ["Нет площадки"]


def test_items_added_by_a_later_correction_are_absent_from_the_plan_as_of_an_earlier_date(muni_a, head_a):
    with tenant_context(muni_a):
        plan = approved_plan(items=1)
        correction = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.HALF_YEAR,
            period_start=datetime.date(2026, 2, 1),
            reason="Письмо ЛОИРО",
            acting_user=head_a,
        )
        added = plan_item_create(plan=plan, acting_user=head_a, correction=correction, **item_fields(month=3))
        plan_correction_apply(correction=correction, acting_user=head_a)
        today = datetime.date.today()
        assert added.pk not in {r.item.pk for r in plan_items_as_of(plan=plan, on=today - datetime.timedelta(days=1))}
        assert added.pk in {r.item.pk for r in plan_items_as_of(plan=plan, on=today)}


def test_marking_done_records_results_and_needs_approval(muni_a, methodologist_a):
    with tenant_context(muni_a):
        draft = draft_plan(items=1)
        with pytest.raises(ValidationError, match="утверждённом плане"):
            plan_item_mark_done(item=items_of(draft)[0], participants=5, actual_result="x", acting_user=methodologist_a)
    with tenant_context(muni_a):
        PlanItem.objects.filter(plan=draft).delete()
        draft.delete()
        plan = approved_plan(items=2)
        item = plan_item_mark_done(
            item=items_of(plan)[0], participants=42, actual_result="Проведён семинар", acting_user=methodologist_a
        )
        assert item.status == ItemStatus.DONE and item.participants == 42 and item.done_at
        summary = plan_summary(plan=plan)
        assert summary.count(ItemStatus.DONE) == 1 and summary.participants == 42 and summary.done_share == 0.5


def test_cyclogram_generates_items_once(muni_a, methodologist_a):
    with tenant_context(muni_a):
        CyclogramDuty.objects.create(
            title="Заседание методического совета", direction=direction(), form=ItemForm.MEETING, months=[9, 1, 5]
        )
        CyclogramDuty.objects.create(
            title="Мониторинг курсовой подготовки",
            direction=direction("analytical"),
            form=ItemForm.MONITORING,
            months=[12, 3],
        )
        CyclogramDuty.objects.create(
            title="Не действует", direction=direction(), form=ItemForm.OTHER, months=[9], is_active=False
        )
        plan = draft_plan(items=0)
        created = cyclogram_generate(plan=plan, acting_user=methodologist_a)
        assert sorted((i.topic, i.month) for i in created) == [
            ("Заседание методического совета", 1),
            ("Заседание методического совета", 5),
            ("Заседание методического совета", 9),
            ("Мониторинг курсовой подготовки", 3),
            ("Мониторинг курсовой подготовки", 12),
        ]
        assert cyclogram_generate(plan=plan, acting_user=methodologist_a) == []
        assert PlanItem.objects.filter(plan=plan).count() == 5


def test_copy_to_next_year_shifts_dates_and_resets_statuses(muni_a, methodologist_a, head_a):
    with tenant_context(muni_a):
        plan = approved_plan(items=1)
        correction = plan_correction_create(
            plan=plan,
            kind=PlanCorrectionKind.MONTH,
            period_start=datetime.date(2026, 2, 1),
            reason="Дополнение",
            acting_user=head_a,
        )
        dated = plan_item_create(
            plan=plan,
            acting_user=head_a,
            correction=correction,
            **item_fields(
                topic="Олимпиада",
                month=None,
                date_start=datetime.date(2026, 2, 28),
                date_end=datetime.date(2026, 2, 28),
            ),
        )
        cancelled_item = items_of(plan)[0]
        plan_correction_cancel(correction=correction, item=cancelled_item, reason="Отменено", acting_user=head_a)
        plan_correction_apply(correction=correction, acting_user=head_a)
        plan_item_mark_done(item=dated, participants=30, actual_result="Проведена", acting_user=head_a)
        new_plan = plan_copy_to_next_year(plan=plan, acting_user=methodologist_a)
        copies = items_of(new_plan)
        assert new_plan.academic_year == 2026 and new_plan.status == PlanStatus.DRAFT
        assert [(c.topic, c.date_start, c.status, c.participants, c.actual_result) for c in copies] == [
            ("Олимпиада", datetime.date(2027, 2, 28), ItemStatus.PLANNED, None, "")
        ]
        with pytest.raises(ValidationError, match="уже есть"):
            plan_copy_to_next_year(plan=plan, acting_user=methodologist_a)
