"""Forms of the events' admin: the event (competence areas as checkboxes), adding a participant,
cancelling, proposing to the unified calendar, taking a regional event into the plan.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS


class EventAdminForm(WagtailAdminModelForm):
    """The event form: competence areas as checkboxes of the region's catalogue."""

    competence_areas = forms.MultipleChoiceField(
        label=_("Области профессиональных компетенций"),
        choices=DEFAULT_COMPETENCE_AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AddParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("ФИО"), max_length=300)
    organisation_name = forms.CharField(label=_("Организация"), max_length=500, required=False)
    email = forms.EmailField(label=_("E-mail"))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отмены"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Её получат все зарегистрированные участники."),
    )


class ProposeForm(forms.Form):
    note = forms.CharField(
        label=_("Почему мероприятие значимо для региона"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class TakeIntoPlanForm(forms.Form):
    plan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Годовой план"), queryset=None)  # type: ignore[arg-type]
    direction: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Направление деятельности"), queryset=None)  # type: ignore[arg-type]
    correction: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Коррекция плана"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        help_text=_("Для утверждённого плана: открытая коррекция, в которую войдёт мероприятие, или новая ниже."),
    )
    new_correction_kind = forms.ChoiceField(label=_("Новая коррекция: вид"), required=False)
    new_correction_reason = forms.CharField(
        label=_("Новая коррекция: основание"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from tenants.plans.models import PlanCorrection, PlanCorrectionKind
        from tenants.plans.selectors import direction_list, plan_list

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plan_list()  # type: ignore[attr-defined]
        self.fields["direction"].queryset = direction_list()  # type: ignore[attr-defined]
        self.fields["correction"].queryset = PlanCorrection.objects.filter(  # type: ignore[attr-defined]
            applied_at__isnull=True
        ).select_related("plan")
        self.fields["new_correction_kind"].choices = [("", "—"), *PlanCorrectionKind.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan, correction = data.get("plan"), data.get("correction")
        if plan is not None and correction is not None and correction.plan_id != plan.pk:
            self.add_error("correction", _("Эта коррекция относится к другому плану."))
        new_correction_given = data.get("new_correction_kind") and (data.get("new_correction_reason") or "").strip()
        if plan is not None and plan.takes_corrections and correction is None and not new_correction_given:
            self.add_error(
                "correction",
                _("План утверждён: выберите открытую коррекцию или укажите вид и основание новой."),
            )
        return data
