"""Media on an S3-compatible bucket (moto in server mode): a prefix per schema, A's keys out of B's
reach, private files only after the views' checks, nginx's X-Accel-Redirect with a signed GET.

The image and document scenarios of ``test_media_isolation`` run here again on the bucket.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.media_storage import schema_storage
from tests.isolation.test_media_isolation import (
    test_image_uploaded_in_a_shows_on_as_page_and_is_found_nowhere_else as test_image_on_s3_shows_on_as_page_only,
)
from tests.isolation.test_media_isolation import (
    test_wagtail_document_view_serves_from_the_tenants_storage as test_wagtail_documents_on_s3_per_host,
)

__all__ = ["test_image_on_s3_shows_on_as_page_only", "test_wagtail_documents_on_s3_per_host"]

pytestmark = pytest.mark.usefixtures("s3_media")


def test_uploads_are_keyed_under_the_schema_and_bs_storage_cannot_reach_as_keys(
    muni_a, muni_b, s3_media, image_in, document_in
):
    server, bucket = s3_media
    image = image_in(muni_a, title="alpha-photo")
    document = document_in(muni_a, title="alpha-plan", content=b"plan of A")
    with tenant_context(muni_a):
        rendition = image.get_rendition("fill-32x32")
        names = [image.file.name, rendition.file.name, document.file.name]
        assert image.file.url.startswith(f"/media/{muni_a.schema_name}/original_images/")
    keys = server.keys(bucket)
    for name in names:
        assert f"{muni_a.schema_name}/{name}" in keys
    assert all(key.startswith(f"{muni_a.schema_name}/") for key in keys)

    with tenant_context(muni_b):
        for name in names:
            assert not default_storage.exists(name)  # B's prefix, not A's
        for climbing in (f"../{muni_a.schema_name}/{document.file.name}", f"/{muni_a.schema_name}/x"):
            with pytest.raises((SuspiciousOperation, FileNotFoundError, OSError)):
                default_storage.open(climbing).read()
        default_storage.save("documents/plan of B.txt", ContentFile(b"plan of B"))
    assert not [key for key in server.keys(bucket) if key.startswith(f"{muni_b.schema_name}/original_images/")]
    with tenant_context(muni_a), default_storage.open(document.file.name) as handle:
        assert handle.read() == b"plan of A"


def test_the_media_view_serves_as_images_on_as_host_only_from_the_bucket(muni_a, muni_b, host_client, image_in):
    image = image_in(muni_a, title="alpha-on-s3")
    with tenant_context(muni_a):
        url, name = image.file.url, image.file.name
        content = default_storage.open(name).read()
    response = host_client(muni_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["X-Content-Type-Options"] == "nosniff" and response["Last-Modified"]
    assert host_client(muni_a).get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    b = muni_b.schema_name
    for refused in (url, f"/media/{b}/{name}", f"/media/{b}/../{muni_a.schema_name}/{name}"):
        assert host_client(muni_b).get(refused).status_code == 404, refused
    assert host_client(muni_a).get(f"/media/{muni_a.schema_name}/original_images/missing.png").status_code == 404


def test_private_files_are_refused_to_visitors_and_sent_to_staff_through_nginx(
    muni_a, muni_b, make_user, host_client, settings, s3_media
):
    from tenants.registry.models import DocumentKind
    from tenants.sample_documents import pdf_bytes
    from tests.tenants.registry.factories import DocumentVersionFactory

    server, bucket = s3_media
    secret = pdf_bytes("alpha secret on s3")
    with tenant_context(muni_a):
        version = DocumentVersionFactory(
            kind=DocumentKind.objects.get(code="tripartite-agreement"),
            title="alpha-secret",
            file=ContentFile(secret, name="alpha.pdf"),
        )
        key = f"{muni_a.schema_name}/{version.file.name}"
    assert key in server.keys(bucket)
    url = f"/admin/registry/files/{version.pk}/"

    visitor = host_client(muni_a).get(url)
    assert visitor.status_code == 302 and "X-Accel-Redirect" not in visitor
    assert host_client(muni_a, make_user(Role.METHODOLOGIST, muni_b)).get(url).status_code in (302, 403, 404)
    assert host_client(muni_b, make_user(Role.METHODOLOGIST, muni_b)).get(url).status_code == 404

    staff = host_client(muni_a, make_user(Role.METHODOLOGIST, muni_a))
    streamed = staff.get(url)
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content) == secret

    settings.MEDIA_X_ACCEL = "/_protected/"
    sent = staff.get(url)
    assert sent.status_code == 200 and sent.content == b""
    target = sent["X-Accel-Redirect"]
    assert target.startswith(f"/_protected/s3/{bucket}/{key}?")
    query = parse_qs(urlsplit(target).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]
    assert sent["Content-Type"] == "application/pdf" and sent["X-Content-Type-Options"] == "nosniff"
    # What nginx does with it: the signed GET, to the bucket, answers the file.
    signed = server.endpoint_url + target.removeprefix("/_protected/s3")
    with urllib.request.urlopen(signed, timeout=10) as answer:  # noqa: S310 (the local moto server)
        assert answer.read() == secret
    assert host_client(muni_a).get(url).status_code == 302  # still refused to the visitor


def test_schema_storage_names_one_schema_whatever_is_active(muni_a, muni_b, s3_media):
    server, bucket = s3_media
    with tenant_context(muni_b):
        name = schema_storage(muni_a.schema_name).save("backups/probe.txt", ContentFile(b"a"))
    assert f"{muni_a.schema_name}/{name}" in server.keys(bucket)
    assert schema_storage("public").url("agreements/x.pdf") == "/media/public/agreements/x.pdf"


def test_media_to_s3_copies_every_schema_folder_once(muni_a, muni_b, s3_media, tmp_path):
    from django.core.management import call_command

    server, bucket = s3_media
    root = tmp_path / "old-media"
    files = {
        f"{muni_a.schema_name}/original_images/a.png": b"image of A",
        f"{muni_b.schema_name}/registry/2025/b.pdf": b"register of B",
        "public/agreements/a/scan.pdf": b"scan",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)

    call_command("media_to_s3", "--from", str(root), "--dry-run")
    assert server.keys(bucket) == []
    call_command("media_to_s3", "--from", str(root))
    assert server.keys(bucket) == sorted(files)
    client = server.client()
    for key, content in files.items():
        assert client.get_object(Bucket=bucket, Key=key)["Body"].read() == content
    with tenant_context(muni_a):
        assert default_storage.open("original_images/a.png").read() == b"image of A"
    with tenant_context(muni_b):
        assert not default_storage.exists("original_images/a.png")

    from io import StringIO

    out = StringIO()
    call_command("media_to_s3", "--from", str(root), stdout=out)
    assert "copied 0 file(s), 3 already in the bucket" in out.getvalue()
