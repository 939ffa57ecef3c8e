"""Uploads: the local filesystem by default, an S3-compatible bucket with MEDIA_S3_BUCKET.

See ``tenants.media_storage`` (a prefix per schema) and ``tenants.file_delivery`` (files reach a
browser only through the application's views, or through nginx's ``X-Accel-Redirect`` when
``MEDIA_X_ACCEL`` names nginx's internal location).
"""

from metodika.settings.environment import ENV

MEDIA_URL = "/media/"
MEDIA_ROOT = ENV.media_root
MEDIA_S3_BUCKET = ENV.media_s3_bucket
MEDIA_S3_PREFIX = ENV.media_s3_prefix
MEDIA_S3_URL_EXPIRE = ENV.media_s3_url_expire
MEDIA_X_ACCEL = ENV.media_x_accel
# django-storages' S3 options. Path-style addresses: MinIO and the nginx location that proxies
# X-Accel-Redirect to the bucket both want /<bucket>/<key>.
MEDIA_S3_OPTIONS = {
    "bucket_name": ENV.media_s3_bucket,
    "endpoint_url": ENV.media_s3_endpoint_url or None,
    "access_key": ENV.media_s3_access_key or None,
    "secret_key": ENV.media_s3_secret_key or None,
    "region_name": ENV.media_s3_region,
    "addressing_style": "path",
    "signature_version": "s3v4",
    "default_acl": None,
    "querystring_auth": True,
    "querystring_expire": ENV.media_s3_url_expire,
    "file_overwrite": False,
}


def media_storage_backend() -> dict[str, object]:
    """STORAGES["default"]: the schema-prefixed bucket, or django-tenants' folder per schema."""
    if MEDIA_S3_BUCKET:
        return {"BACKEND": "tenants.media_storage.TenantS3Storage", "OPTIONS": MEDIA_S3_OPTIONS}
    return {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"}
