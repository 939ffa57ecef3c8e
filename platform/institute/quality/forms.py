"""The thresholds editor's form: the model's fields, validators and help (where each default comes from)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import ProcedureKind, QualityThresholds
from assessment.services import THRESHOLD_FIELDS
from assessment.vocabulary import GRADES


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


class ProcedureKindForm(forms.ModelForm):
    """A new kind of procedure; the code is what the roll-ups count by, so it never changes."""

    grades = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Классы"),
        choices=[(grade, str(grade)) for grade in GRADES],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcedureKind
        fields = (
            "code",
            "short_name",
            "name",
            "result_form",
            "grades",
            "journal_comparison",
            "objectivity_checked",
            "is_state_exam",
            "max_score",
        )
