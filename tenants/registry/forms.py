"""Admin forms of the document register. They validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from tenants.academic_years import AcademicYear, academic_year_choices
from tenants.registry.models import DocumentKind, DocumentVersion
from tenants.registry.services import register_file_check


class DocumentVersionForm(WagtailAdminModelForm):
    academic_year = forms.TypedChoiceField(
        label=_("Учебный год"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Для планов и анализов — обязательно."),
    )

    class Meta:
        model = DocumentVersion
        fields = [
            "kind",
            "title",
            "file",
            "status",
            "academic_year",
            "approved_on",
            "order_number",
            "order_date",
            "is_public",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = academic_year_choices(before=6, after=1)
        current = self.instance.academic_year
        if current and current not in dict(years):
            years.append((current, AcademicYear(current).label))
        self.fields["academic_year"].choices = [("", "—"), *sorted(years, reverse=True)]
        self.fields["file"].help_text = _("PDF, DOCX или ODT; тип проверяется по содержимому файла.")
        if self.instance.pk:
            # A version stays with its kind; another document's file is a new version of that one.
            self.fields["kind"].disabled = True

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            try:
                register_file_check(file)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from error
        return file


class DocumentKindForm(WagtailAdminModelForm):
    class Meta:
        model = DocumentKind
        fields = ["name", "clause", "is_required", "renewal", "order"]
