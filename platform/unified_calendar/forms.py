"""Forms of the unified calendar's screens on the region host."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.competence_areas import DEFAULT_COMPETENCE_AREAS
from unified_calendar.models import RegionalEvent


class RegionalEventForm(forms.ModelForm):
    competence_areas = forms.MultipleChoiceField(
        label=_("Области профессиональных компетенций"),
        choices=DEFAULT_COMPETENCE_AREAS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RegionalEvent
        fields = [
            "title",
            "kind",
            "audience",
            "starts_on",
            "ends_on",
            "organiser",
            "url",
            "description",
            "competence_areas",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[("accept", _("Принять в единый календарь")), ("decline", _("Отклонить"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Обязателен при отклонении: муниципалитет увидит его."),
    )
