"""HTML to PDF with WeasyPrint, fetching nothing but the project's own files.

WeasyPrint fetches every address a document names — stylesheets, images, fonts, and
``<link rel="attachment">``, which embeds the fetched file in the PDF — over http(s), ftp or
``file://`` alike. Certificates and plan reports carry text people typed; should any of it ever
reach the HTML unescaped, a PDF could carry the server's files or make it call other hosts. So
every PDF is built here (``pdf_from_html``), with a fetcher that serves only:

* ``data:`` URLs (nothing is fetched);
* the project's static files: ``/static/…`` (found as ``{% static %}`` finds them) or a
  ``file://`` path inside a static directory;
* the current municipality's own images — the folders its site serves to anyone
  (``tenants.municipalities.media.PUBLIC_FOLDERS``): ``/media/<schema>/images/…`` or a
  ``file://`` path inside them. Its other uploads (documents, import files) are not public and
  are not fetched either.

Anything else — another host, another municipality's files, any other file of the server — is
refused: WeasyPrint logs the refusal and renders the document without that resource.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders

from tenants.municipalities.media import PUBLIC_FOLDERS
from tenants.municipalities.schemas import schema_active

# Templates' relative and root-relative addresses (``/static/…``, ``/media/…``) resolve against
# this origin, which names no real host (``.invalid`` is reserved); the fetcher maps it to files.
PDF_BASE_URL = "https://pdf.metodika.invalid/"


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        roots += [Path(root) for _prefix, root in getattr(finder, "locations", [])]
        roots += [Path(storage.location) for storage in getattr(finder, "storages", {}).values()]
    return roots


def _media_root() -> Path | None:
    """The current municipality's upload folder; None on the region's schema."""
    from django_tenants.utils import get_public_schema_name

    schema_name = schema_active()
    if schema_name == get_public_schema_name():
        return None
    return Path(settings.MEDIA_ROOT) / schema_name


def _media_roots(media_root: Path | None) -> list[Path]:
    return [media_root / folder for folder in sorted(PUBLIC_FOLDERS)] if media_root is not None else []


def _inside(path: Path, roots: list[Path]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(os.path.realpath(root)) for root in roots)


def pdf_local_path(url: str) -> Path | None:
    """The file ``url`` may be served from, or None when it is not one of the project's own."""
    parts = urlsplit(url)
    media_root = _media_root()
    allowed = _static_roots() + _media_roots(media_root)
    if url.startswith(PDF_BASE_URL):
        path = unquote(parts.path)
        static_url, media_url = settings.STATIC_URL, settings.MEDIA_URL
        if path.startswith(static_url):
            found = finders.find(path.removeprefix(static_url))
            candidate = Path(found if isinstance(found, str) else Path(settings.STATIC_ROOT) / path[len(static_url) :])
        elif media_root is not None and path.startswith(f"{media_url}{media_root.name}/"):
            candidate = media_root / path.removeprefix(f"{media_url}{media_root.name}/")
        else:
            return None
    elif parts.scheme == "file" and parts.netloc in ("", "localhost"):
        candidate = Path(url2pathname(parts.path))
    else:
        return None
    if not candidate.is_file() or not _inside(candidate, allowed):
        return None
    return candidate


def pdf_media_bytes(url: str) -> bytes | None:
    """The bytes of the current municipality's public image ``url`` names, from its storage.

    For a storage with no local files (the S3 bucket): the same folders as ``pdf_local_path``.
    """
    from django.core.files.storage import default_storage

    path = unquote(urlsplit(url).path)
    media_root = _media_root()
    if not url.startswith(PDF_BASE_URL) or media_root is None:
        return None
    name = posixpath.normpath(path.removeprefix(f"{settings.MEDIA_URL}{media_root.name}/"))
    if not path.startswith(f"{settings.MEDIA_URL}{media_root.name}/") or name.split("/", 1)[0] not in PUBLIC_FOLDERS:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return bytes(handle.read())
    except Exception:  # missing, or a name the storage refuses: not fetched
        return None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesURLFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = pdf_local_path(url)
            if path is None:
                body = pdf_media_bytes(url)
                if body is None:
                    raise ValueError(f"Not one of the project's own files, not fetched: {url[:200]}")
                content_type = mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return OwnFilesURLFetcher()


def pdf_from_html(html: str) -> bytes:
    """The PDF of ``html``; it may use the project's static files and the municipality's media."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).write_pdf()
    return pdf
