"""Forms of the institute's workspace (the services check the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from institute.services import COMMENT_MAX_LENGTH


class PlanCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX_LENGTH
    )
    plan_item_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class CommentReplyForm(forms.Form):
    text = forms.CharField(label=_("Ответ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX_LENGTH)


class RegionalDiagnosticForm(forms.Form):
    title = forms.CharField(label=_("Название диагностики"), max_length=200)
    held_on = forms.DateField(label=_("Дата проведения"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(
        label=_("Таблица результатов (XLSX или CSV)"),
        help_text=_("Столбцы: «Муниципалитет», «Область компетенций», «Участников», «С дефицитом»."),
    )
