from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tenants.bodies.models import ASSOCIATION_KINDS, Body, validate_body_document
from tenants.organisations.models import CoordinatorPosition, Organisation

FILE_HELP = _("PDF, DOCX или ODT, не больше 10 МБ.")


class LeaderYearForm(forms.Form):
    plan_text = forms.CharField(label=_("План работы на год (текст)"), required=False, widget=forms.Textarea)
    plan_file = forms.FileField(
        label=_("План работы (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )
    analysis_text = forms.CharField(label=_("Анализ работы за год (текст)"), required=False, widget=forms.Textarea)
    analysis_file = forms.FileField(
        label=_("Анализ работы (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )


class LeaderMeetingForm(forms.Form):
    date = forms.DateField(label=_("Дата заседания"), widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(label=_("Номер протокола"), max_length=50, required=False)
    agenda = forms.CharField(label=_("Повестка"), widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.FileField(
        label=_("Протокол (файл)"), required=False, validators=[validate_body_document], help_text=FILE_HELP
    )


class ReviewDecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий (обязателен при возврате)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class _PersonFields(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=User._meta.get_field("email").max_length)
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)


class LeaderAppointForm(_PersonFields):
    body = forms.ModelChoiceField(label=_("Объединение"), queryset=Body.objects.none())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["body"].queryset = Body.objects.filter(kind__in=ASSOCIATION_KINDS).order_by("name")  # type: ignore[attr-defined]
        self.order_fields(["body"])


class CoordinatorAppointForm(_PersonFields):
    organisation = forms.ModelChoiceField(label=_("Организация"), queryset=Organisation.objects.none())
    position = forms.ChoiceField(label=_("Должность"), choices=CoordinatorPosition.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("short_name")  # type: ignore[attr-defined]
        self.order_fields(["organisation", "position"])
