"""Sending a stored file to a browser, once the calling view has decided that this visitor may have it.

Every file a person downloads or sees — an image of the municipality's site, a register version,
a body's minutes, an agreement scan, a plan's report — comes through here, from the local folder
or the S3 bucket alike (``tenants.media_storage``). Three ways, chosen by the settings:

- ``MEDIA_X_ACCEL`` set (behind the nginx of ``deploy/nginx/``): the answer carries only headers
  and ``X-Accel-Redirect``; nginx sends the bytes from its internal location — ``<prefix>files/…``
  aliased to the media folder, or ``<prefix>s3/<bucket>/<key>?<presigned query>`` proxied to the
  bucket with a GET signed for ``MEDIA_S3_URL_EXPIRE`` seconds. Those locations are ``internal``:
  a visitor cannot ask for them, only this answer can send nginx there.
- otherwise the file is streamed by the application (``FileResponse``), from disk or the bucket.

Either way the answer has ``X-Content-Type-Options: nosniff`` and a ``default-src 'none'`` policy:
an upload never runs as a page on the municipality's origin.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from tenants.media_storage import _PrefixedS3Storage

ACCEL_FILES = "files/"
ACCEL_S3 = "s3"


def accel_redirect_target(storage: Storage, name: str) -> str:
    """Where nginx's internal location finds ``name`` (see the module's docstring)."""
    prefix = settings.MEDIA_X_ACCEL
    if isinstance(storage, _PrefixedS3Storage):
        signed = urlsplit(storage.url_signed(name))
        return f"{prefix}{ACCEL_S3}{signed.path}?{signed.query}"
    if isinstance(storage, FileSystemStorage):
        relative = Path(storage.path(name)).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
        return f"{prefix}{ACCEL_FILES}{quote(relative.as_posix())}"
    raise TypeError(f"No X-Accel-Redirect for {type(storage).__name__}")


def stored_file_delivery(
    storage: Storage,
    name: str,
    *,
    filename: str = "",
    content_type: str = "",
    as_attachment: bool = True,
    cache_control: str = "private, no-cache",
) -> HttpResponseBase:
    """The file ``name`` of ``storage``, or a 404 when it is not there."""
    filename = filename or posixpath.basename(name)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response: HttpResponseBase
    try:
        if settings.MEDIA_X_ACCEL:
            if not storage.exists(name):
                raise Http404
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = accel_redirect_target(storage, name)
            disposition = content_disposition_header(as_attachment, filename)
            if disposition:
                response["Content-Disposition"] = disposition
        else:
            handle = storage.open(name, "rb")
            response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    except (OSError, ValueError, SuspiciousOperation):
        raise Http404 from None
    except Exception as error:  # botocore's ClientError for a missing key, without importing it here
        if type(error).__name__ in ("ClientError", "NoSuchKey"):
            raise Http404 from None
        raise
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def field_file_delivery(file: FieldFile, **options: object) -> HttpResponseBase:
    """``stored_file_delivery`` for a model's file field; a 404 for an empty one."""
    if not file:
        raise Http404
    return stored_file_delivery(file.storage, file.name or "", **options)  # type: ignore[arg-type]
