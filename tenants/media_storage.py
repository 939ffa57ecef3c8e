"""Where uploads live: the local filesystem (development's default) or an S3-compatible bucket.

Either way a municipality's files are under a prefix named by its schema — ``MEDIA_ROOT/<schema>/``
on disk, ``<MEDIA_S3_PREFIX><schema>/`` in the bucket — chosen from the schema the connection has
active when the storage is used, as django-tenants' ``TenantFileSystemStorage`` does. A file's URL
is ``MEDIA_URL<schema>/<name>`` in both cases: the bucket is private and every file reaches a
browser through this application (``tenants.municipalities.media`` for public images,
``tenants.file_delivery`` for everything else, after the view's own permission check), so nothing
changes for pages, the Content-Security-Policy or the PDF renderer when the bucket is switched on.

Nothing here asks a storage for a local path: a second web node has none. ``schema_storage``
gives the storage of one named schema whatever is active (the region's agreement scans live in
``public``; a backup reads a municipality's files from the region's command).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from tenants.municipalities.schemas import schema_active


def s3_options() -> dict[str, Any]:
    """django-storages' options from the MEDIA_S3_* settings (``metodika.settings.media``)."""
    return dict(settings.MEDIA_S3_OPTIONS)


class _PrefixedS3Storage(S3Storage):
    """A private bucket, files never overwritten (a second upload of a name gets a new one)."""

    def url_signed(self, name: str, *, expire: int | None = None) -> str:
        """A short-lived presigned GET of ``name`` (for nginx's X-Accel-Redirect or a redirect)."""
        return str(super().url(name, expire=expire or settings.MEDIA_S3_URL_EXPIRE))

    def key(self, name: str) -> str:
        """The object's key in the bucket."""
        return str(self._normalize_name(clean_name(name)))


class TenantS3Storage(_PrefixedS3Storage):
    """The default storage on S3: the prefix follows the schema in use, like the filesystem's."""

    @property  # type: ignore[override]
    def location(self) -> str:
        return f"{settings.MEDIA_S3_PREFIX}{schema_active()}"

    @location.setter
    def location(self, value: str) -> None:
        pass  # django-storages sets it from its settings; the schema decides here

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        return f"{settings.MEDIA_URL}{schema_active()}/{name}"


class SchemaS3Storage(_PrefixedS3Storage):
    """One named schema's prefix, whatever schema is active."""

    def __init__(self, schema_name: str, **options: Any) -> None:
        self.schema_name = schema_name
        super().__init__(**{**options, "location": f"{settings.MEDIA_S3_PREFIX}{schema_name}"})

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        return f"{settings.MEDIA_URL}{self.schema_name}/{name}"


def media_on_s3() -> bool:
    return bool(settings.MEDIA_S3_BUCKET)


def schema_storage(schema_name: str) -> Storage:
    """The storage of ``schema_name``'s files, whichever schema the connection is on."""
    if media_on_s3():
        return SchemaS3Storage(schema_name, **s3_options())
    return FileSystemStorage(
        location=f"{settings.MEDIA_ROOT}/{schema_name}", base_url=f"{settings.MEDIA_URL}{schema_name}/"
    )


@dataclass(frozen=True)
class MediaMove:
    copied: int
    skipped: int
    schemas: tuple[str, ...]


def media_folder_to_bucket(root: Path, *, dry_run: bool = False) -> MediaMove:
    """Copy ``root/<schema>/…`` (the filesystem storage's layout) into the bucket's prefixes.

    Idempotent: an object already there with the same size is left alone, so an interrupted move
    is simply run again. Nothing is deleted locally; remove the folder once the bucket serves.
    """
    import mimetypes

    if not media_on_s3():
        raise ImproperlyConfigured("Set MEDIA_S3_BUCKET (and the other MEDIA_S3_* settings) first.")
    copied = skipped = 0
    schemas = tuple(sorted(p.name for p in root.iterdir() if p.is_dir())) if root.is_dir() else ()
    for schema_name in schemas:
        storage = SchemaS3Storage(schema_name, **s3_options())
        client = storage.connection.meta.client
        for path in sorted(p for p in (root / schema_name).rglob("*") if p.is_file()):
            key = storage.key(path.relative_to(root / schema_name).as_posix())
            try:
                if client.head_object(Bucket=storage.bucket_name, Key=key)["ContentLength"] == path.stat().st_size:
                    skipped += 1
                    continue
            except Exception as error:  # botocore's ClientError: not there yet
                if type(error).__name__ != "ClientError":
                    raise
            if not dry_run:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                client.upload_file(str(path), storage.bucket_name, key, ExtraArgs={"ContentType": content_type})
            copied += 1
    return MediaMove(copied=copied, skipped=skipped, schemas=schemas)
