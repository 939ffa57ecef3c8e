"""Uploaded images of the municipality whose host is asked, and of no other.

The default storage (``tenants.media_storage``: a folder or a bucket prefix per schema) gives a
municipality's uploads URLs under ``MEDIA_URL<schema>/``. This view answers those URLs on the
municipality's own hosts only: another municipality's folder, a path climbing out of the
folder, or any request on the region's host is a 404, the same answer as for a missing file.
The bytes come through ``tenants.file_delivery`` (streamed, or sent by nginx).
"""

from __future__ import annotations

import posixpath

from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from tenants.file_delivery import stored_file_delivery
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
        # The storage is rooted at the schema in use and refuses a name that leaves it; a folder
        # or a missing name has no modification time.
        modified = default_storage.get_modified_time(name).timestamp()
    except (SuspiciousOperation, OSError, ValueError):
        raise Http404 from None
    except Exception as error:  # the bucket's «no such key»
        if type(error).__name__ in ("ClientError", "NoSuchKey"):
            raise Http404 from None
        raise
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), int(modified)):
        return HttpResponseNotModified()
    response = stored_file_delivery(default_storage, name, as_attachment=False, cache_control="")
    response["Last-Modified"] = http_date(modified)
    return response
