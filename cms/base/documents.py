"""Wagtail's document upload form for the municipalities' admins (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Documents are stored and served as uploaded, never parsed here, but they are offered to every
visitor of the site: an office file or archive that would unpack to gigabytes (a "zip bomb") is
refused at upload with the same check as every other upload (``tenants.uploads``), on the single
upload form, the multiple uploader and the chooser's upload tab alike (Wagtail builds them all
from this base).
"""

from __future__ import annotations

from typing import Any

from wagtail.documents.forms import BaseDocumentForm

from tenants.uploads import zip_archive_check


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file is not None and "file" in self.changed_data and hasattr(file, "read"):
            zip_archive_check(file)
        return file
