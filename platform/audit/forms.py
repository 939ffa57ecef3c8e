"""The filters of the audit log's screens: person, object, action, dates (and, region-wide, where)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.selectors import REGION_ONLY, AuditFilters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Кто"), required=False, max_length=100, help_text=_("Фамилия, имя или e-mail сотрудника.")
    )
    target = forms.CharField(label=_("Объект"), required=False, max_length=100, help_text=_("Часть названия объекта."))
    action = forms.ChoiceField(label=_("Действие"), required=False)
    date_from = forms.DateField(label=_("С даты"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("По дату"), required=False, widget=DateInput())

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action_field: Any = self.fields["action"]
        action_field.choices = [("", _("Все действия")), *actions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Дата «по» не может быть раньше даты «с»."))
        return data

    def filters(self) -> AuditFilters:
        """The valid filters; a field with an error filters nothing (its error is shown)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields that passed
            data = self.cleaned_data
        return AuditFilters(
            person=(data.get("person") or "").strip(),
            target=(data.get("target") or "").strip(),
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            municipality=data.get("municipality") or "",
        )


class RegionAuditFilterForm(AuditFilterForm):
    """The operator's filters: also where the action happened."""

    municipality = forms.ChoiceField(label=_("Муниципалитет"), required=False)

    field_order = ["municipality", "person", "target", "action", "date_from", "date_to"]

    def __init__(self, *args: Any, municipalities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_field: Any = self.fields["municipality"]
        municipality_field.choices = [
            ("", _("Все")),
            (REGION_ONLY, _("Регион (без муниципалитета)")),
            *municipalities,
        ]
