"""What the quality screens share: turning a service's errors into form errors, the year choice, files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from tenants.academic_years import AcademicYear, academic_year_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormMixin:
    """A Wagtail create/edit view whose ``save_instance`` calls a service: its refusals become form errors."""

    def form_valid(self, form: forms.ModelForm) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            errors_to_form(form, error)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = sorted(academic_year_choices(before=4, after=1), reverse=True)  # type: ignore[attr-defined]

    def chosen(self) -> AcademicYear:
        if self.is_valid() and self.cleaned_data.get("year"):
            return AcademicYear(self.cleaned_data["year"])
        return AcademicYear.current()


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
