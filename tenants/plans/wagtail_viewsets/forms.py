"""The annual plan's admin forms: filters, workflow transitions, items, marking held, corrections,
the new plan, the cyclogram's duties. They parse input; the services decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, Month, academic_year_choices
from tenants.people.models import Methodologist
from tenants.plans.models import (
    AnnualPlan,
    Direction,
    ItemForm,
    ItemStatus,
    PlanCorrection,
    PlanCorrectionKind,
    PlanItem,
)
from tenants.plans.selectors import (
    plan_items,
)

# --- the plan screen ---------------------------------------------------------------------------


class ItemFilterForm(forms.Form):
    direction = forms.ModelChoiceField(Direction.objects.all(), required=False, label=_("Направление"))
    form = forms.ChoiceField(choices=[("", "—"), *ItemForm.choices], required=False, label=_("Форма"))
    responsible: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Methodologist.objects.none(), required=False, label=_("Ответственный")
    )
    status = forms.ChoiceField(choices=[("", "—"), *ItemStatus.choices], required=False, label=_("Статус"))
    month = forms.TypedChoiceField(
        choices=[("", "—"), *Month.choices], coerce=int, empty_value=None, required=False, label=_("Месяц")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Methodologist.objects.select_related("user")  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- items -------------------------------------------------------------------------------------


class PlanItemForm(forms.ModelForm):
    reason = forms.CharField(label=_("Основание (для коррекции)"), required=False)

    class Meta:
        model = PlanItem
        fields = [
            "direction",
            "form",
            "topic",
            "audience",
            "month",
            "date_start",
            "date_end",
            "responsible",
            "responsible_text",
            "organisation",
            "body",
            "expected_result",
        ]
        widgets = {
            "date_start": forms.DateInput(attrs={"type": "date"}),
            "date_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, correction: PlanCorrection | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correction is None:
            del self.fields["reason"]

    def _post_clean(self) -> None:
        # The service validates the item against its plan; the form only parses.
        pass


class MarkDoneForm(forms.Form):
    participants = forms.IntegerField(label=_("Число участников"), min_value=0)
    actual_result = forms.CharField(label=_("Фактический результат"), widget=forms.Textarea(attrs={"rows": 3}))


# --- corrections -------------------------------------------------------------------------------


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид коррекции"), choices=PlanCorrectionKind.choices)
    period_start = forms.DateField(label=_("Период (любой день в нём)"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Основание"), widget=forms.Textarea(attrs={"rows": 3}))


class MoveCancelForm(forms.Form):
    item = forms.ModelChoiceField(queryset=PlanItem.objects.none(), label=_("Мероприятие"))
    action = forms.ChoiceField(label=_("Действие"), choices=[("move", _("перенести")), ("cancel", _("отменить"))])
    new_month = forms.TypedChoiceField(
        choices=[("", "—"), *Month.choices], coerce=int, empty_value=None, required=False, label=_("Новый месяц")
    )
    new_date_start = forms.DateField(
        required=False, label=_("Новая дата начала"), widget=forms.DateInput(attrs={"type": "date"})
    )
    new_date_end = forms.DateField(
        required=False, label=_("Новая дата окончания"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Причина"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plan: AnnualPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan_items(plan=plan).filter(  # type: ignore[attr-defined]
            status__in=[ItemStatus.PLANNED, ItemStatus.MOVED]
        )


# --- a new plan, the cyclogram's duties --------------------------------------------------------


class PlanCreateForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())
    note = forms.CharField(label=_("Пояснение"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = academic_year_choices(before=1, after=2)  # type: ignore[attr-defined]
        self.fields["academic_year"].initial = AcademicYear.current().start


class CyclogramDutyForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Месяцы"), choices=Month.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )
