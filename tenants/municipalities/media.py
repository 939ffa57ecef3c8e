"""Uploaded images of the municipality whose host is asked, and of no other.

``TenantFileSystemStorage`` keeps a municipality's uploads under ``MEDIA_ROOT/<schema>/`` and
gives them URLs under ``MEDIA_URL<schema>/``. This view answers those URLs on the
municipality's own hosts only: another municipality's folder, a path climbing out of the
folder, or any request on the region's host is a 404, the same answer as for a missing file.
"""

from __future__ import annotations

import os
import posixpath
import stat

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from tenants.municipalities.selectors import current_municipality

# Wagtail's folders for original images and renditions: public, like the pages showing them.
# Documents are left to Wagtail's /documents/<id>/<name> view, which applies collection privacy;
# an upload kept anywhere else is served by a view that checks who asks, never from here.
PUBLIC_FOLDERS = frozenset({"original_images", "images"})


@require_safe
def media_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve ``<schema>/<folder>/<name>`` from the current municipality's media folder."""
    municipality = current_municipality()
    if municipality is None:
        raise Http404
    schema_folder, _slash, name = path.partition("/")
    name = posixpath.normpath(name)
    if schema_folder != municipality.schema_name or name.split("/", 1)[0] not in PUBLIC_FOLDERS:
        raise Http404
    try:
        # The storage is rooted at the schema in use; path() refuses a name that leaves it.
        full_path = default_storage.path(name)
        file_stat = os.stat(full_path)
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404 from None
    if not stat.S_ISREG(file_stat.st_mode):
        raise Http404
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(file_stat.st_mtime)):
        return HttpResponseNotModified()
    response = FileResponse(open(full_path, "rb"))  # noqa: SIM115 - FileResponse closes it
    response["Last-Modified"] = http_date(file_stat.st_mtime)
    # Never let a browser run an upload as a page on the municipality's origin.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
