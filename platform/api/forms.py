from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_by_verified_email
from api.models import DEFAULT_RATE_LIMIT_PER_MINUTE
from api.scopes import Scope
from cms.base.forms import AnnouncedErrorsMixin
from tenants.municipalities.selectors import municipality_list


class ApiKeyForm(AnnouncedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Внешняя система"), max_length=200, help_text=_("Например: «Реестр курсов ЛОИРО»."))
    owner_email = forms.EmailField(
        label=_("E-mail владельца"),
        help_text=_("Ответственный сотрудник с учётной записью: ключ действует от его имени и с его правами."),
    )
    scopes = forms.MultipleChoiceField(label=_("Права"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Муниципалитеты"),
        queryset=municipality_list(include_archived=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Чьи данные доступны по ключу: мероприятия, записи о повышении квалификации, сводные показатели."),
    )
    rate_limit_per_minute = forms.IntegerField(
        label=_("Запросов в минуту"), min_value=1, max_value=10_000, initial=DEFAULT_RATE_LIMIT_PER_MINUTE
    )

    def clean_owner_email(self) -> Any:
        owner = user_by_verified_email(self.cleaned_data["owner_email"])
        if owner is None:
            raise forms.ValidationError(
                _("Нет пользователя с подтверждённым адресом %(email)s."),
                params={"email": self.cleaned_data["owner_email"]},
            )
        return owner
