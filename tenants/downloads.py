"""Sending a stored file (a bank's material, a plan's report, a course document) to the person allowed to have it.

The files of the resource and practice banks live in the municipality's media folder, which
``/media/`` never serves; the views that call this have already decided who may download
(public material, or the municipality's staff).
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.db.models.fields.files import FieldFile
from django.http.response import HttpResponseBase

from tenants.file_delivery import field_file_delivery

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def stored_file_response(file: FieldFile, *, kind: str = "", public: bool) -> HttpResponseBase:
    name = posixpath.basename(file.name or "")
    content_type = CONTENT_TYPES.get(kind) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return field_file_delivery(
        file,
        filename=name,
        content_type=content_type,
        as_attachment=True,
        cache_control="public, max-age=3600" if public else "private, no-store",
    )
