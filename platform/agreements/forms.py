"""Forms of the agreements' screens (the services check the rules and the roles)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from tenants.municipalities.models import Municipality, MunicipalityStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "number",
            "concluded_on",
            "subject",
            "term_from",
            "term_to",
            "municipality_responsible",
            "committee_responsible",
            "institute_responsible",
            "obligations",
        ]
        widgets = {
            "concluded_on": DATE_WIDGET,
            "term_from": DATE_WIDGET,
            "term_to": DATE_WIDGET,
            "subject": forms.Textarea(attrs={"rows": 3}),
            "obligations": forms.Textarea(attrs={"rows": 8}),
        }


class AgreementCreateForm(AgreementForm):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.filter(status=MunicipalityStatus.ACTIVE)
    )

    class Meta(AgreementForm.Meta):
        fields = ["municipality", *AgreementForm.Meta.fields]


class AgreementRenewForm(forms.Form):
    number = forms.CharField(label=_("Номер нового соглашения"), max_length=64)
    concluded_on = forms.DateField(label=_("Дата соглашения"), widget=DATE_WIDGET)
    term_from = forms.DateField(label=_("Срок действия с"), widget=DATE_WIDGET)
    term_to = forms.DateField(label=_("Срок действия по"), widget=DATE_WIDGET)


class AgreementTerminateForm(forms.Form):
    reason = forms.CharField(label=_("Основание расторжения"), widget=forms.Textarea(attrs={"rows": 3}))


class AgreementScanForm(forms.Form):
    scan = forms.FileField(label=_("Скан подписанного соглашения (PDF)"))
