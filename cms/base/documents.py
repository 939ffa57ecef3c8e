"""Wagtail's document upload form for the municipalities' admins (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Documents are stored and served as uploaded, never parsed here, but they are offered to every
visitor of the site: an office file or archive that would unpack to gigabytes (a "zip bomb") is
refused at upload with the same check as every other upload (``tenants.uploads``), on the single
upload form, the multiple uploader and the chooser's upload tab alike (Wagtail builds them all
from this base).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from tenants.uploads import zip_archive_check


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file is not None and "file" in self.changed_data and hasattr(file, "read"):
            zip_archive_check(file)
        return file

    def _update_errors(self, errors: ValidationError) -> None:
        """The multiple uploader's second step (a document made from a stored upload) has no file
        field: the file is set after validation, and passed this same form when it was uploaded.
        Wagtail's model check of the file's extension (``WAGTAILDOCS_EXTENSIONS``) then names a
        field the form lacks, and Django raises instead of showing it: a 500 on every such save
        (found by the URL × role matrix)."""
        if "file" not in self.fields and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
