"""Forms of the growth screens: the course records' filters, building a route, the due list's filters."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from tenants.development.models import (
    CompetenceArea,
    CourseFormat,
    CourseRecord,
    DeficitStatus,
)
from tenants.development.periodicity import PdStatus
from tenants.organisations.models import Organisation
from tenants.people.models import Methodologist, Subject, Teacher

# Course records ----------------------------------------------------------------------------------


class CourseRecordFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Организация"), field_name="teacher__organisation", queryset=Organisation.objects.all()
    )
    format = django_filters.ChoiceFilter(label=_("Форма обучения"), choices=CourseFormat.choices)
    competence_areas = django_filters.ModelChoiceFilter(
        label=_("Область компетенций"), queryset=CompetenceArea.objects.all()
    )
    ended_after = django_filters.DateFilter(label=_("Окончены не раньше"), field_name="end_date", lookup_expr="gte")

    class Meta:
        model = CourseRecord
        fields: list[str] = []


class RouteBuildForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Педагог"),
        queryset=Teacher.objects.filter(deficits__status=DeficitStatus.OPEN).distinct(),
        help_text=_("Педагоги с открытыми дефицитами."),
    )
    tutor = forms.ModelChoiceField(label=_("Тьютор (методист)"), queryset=Methodologist.objects.all(), required=False)
    period_start = forms.DateField(label=_("Начало"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Окончание"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Маршрут не может закончиться раньше, чем начнётся."))
        return data


# Who is due or overdue (273-ФЗ art. 47), and the teacher's card ----------------------------------


class PdFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Организация"), queryset=Organisation.objects.all(), required=False)
    subject = forms.ModelChoiceField(label=_("Предмет"), queryset=Subject.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Статус"), choices=[("", _("Все")), *PdStatus.choices], required=False)
    q = forms.CharField(label=_("Поиск"), required=False)
