"""Sending a stored file (a bank's material, a plan's report, a course document) to the person allowed to have it.

The files of the resource and practice banks live in the municipality's media folder, which
``/media/`` never serves; the views that call this have already decided who may download
(public material, or the municipality's staff).
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def stored_file_response(file: FieldFile, *, kind: str = "", public: bool) -> FileResponse:
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    name = posixpath.basename(file.name or "")
    content_type = CONTENT_TYPES.get(kind) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    # Never let a browser run an upload as a page on the municipality's origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
