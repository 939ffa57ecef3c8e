"""Forms of the public event pages: filters, a guest's registration, the attendance code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.events.vocabulary import EventAudience, EventKind


class CalendarFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Форма"), required=False, choices=[("", _("Все формы")), *EventKind.choices])
    audience = forms.ChoiceField(
        label=_("Для кого"), required=False, choices=[("", _("Все категории")), *EventAudience.choices]
    )
    view = forms.ChoiceField(label=_("Вид"), required=False, choices=[("month", _("Месяц")), ("list", _("Список"))])


class GuestRegistrationForm(forms.Form):
    """A visitor without an account: confirmed by a link sent to the e-mail."""

    full_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300)
    organisation_name = forms.CharField(label=_("Организация"), max_length=500)
    email = forms.EmailField(label=_("E-mail"), help_text=_("На него придёт ссылка для подтверждения."))


class AttendanceCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код присутствия"), max_length=12, help_text=_("Его называют организаторы на мероприятии.")
    )
    email = forms.EmailField(
        label=_("E-mail, указанный при регистрации"), required=False, help_text=_("Если вы не вошли на сайт.")
    )
