"""The thresholds editor's form: the model's fields, validators and help (where each default comes from)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from assessment.models import QualityThresholds
from assessment.services import THRESHOLD_FIELDS


class QualityThresholdsForm(forms.ModelForm):
    class Meta:
        model = QualityThresholds
        fields = THRESHOLD_FIELDS

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            default = getattr(QualityThresholds(), name)
            shown = str(default).replace(".", ",")
            field.help_text = f"{field.help_text} " + _("По умолчанию: %(value)s.") % {"value": shown}
            field.widget.attrs["aria-describedby"] = f"id_{name}-help"
            field.disabled = read_only
