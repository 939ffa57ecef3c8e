"""Media isolation: uploads live under MEDIA_ROOT/<schema>/ and are served on their own host only."""

import re

from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model

from cms.home.models import HomePage
from tests.isolation.conftest import next_free_pk, png_bytes


def test_uploads_are_stored_and_addressed_under_the_schema_folder(muni_a, media_root, image_in, document_in):
    image = image_in(muni_a, title="alpha-photo")
    document = document_in(muni_a, title="alpha-plan", content=b"plan")
    with tenant_context(muni_a):
        rendition = image.get_rendition("fill-32x32")
        paths = [image.file.path, rendition.file.path, document.file.path]
        urls = [image.file.url, rendition.url]
    schema_root = media_root / muni_a.schema_name
    assert [p.split("/")[-2] for p in paths] == ["original_images", "images", "documents"]
    for path in paths:
        assert path.startswith(f"{schema_root}/")
    for url in urls:
        assert url.startswith(f"/media/{muni_a.schema_name}/")


def test_image_uploaded_in_a_shows_on_as_page_and_is_found_nowhere_else(muni_a, muni_b, host_client, image_in):
    content = png_bytes()
    image = image_in(muni_a, title="alpha-on-page", content=content)
    with tenant_context(muni_a):
        home = HomePage.objects.get()
        home.body = [("image", {"image": image, "alt_text": "Фото А", "caption": ""})]
        home.save()
        original_url = image.file.url

    page = host_client(muni_a).get("/").content.decode()
    rendition_url = re.search(r'<img alt="Фото А"[^>]* src="([^"]+)"', page).group(1)
    assert rendition_url.startswith(f"/media/{muni_a.schema_name}/images/alpha-on-page.")

    for url in (rendition_url, original_url):
        served = host_client(muni_a).get(url)
        assert served.status_code == 200
        assert served["Content-Type"] == "image/png"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert host_client(muni_b).get(url).status_code == 404
    assert b"".join(host_client(muni_a).get(original_url).streaming_content) == content


def test_media_view_refuses_other_folders_climbing_out_and_writes(muni_a, muni_b, host_client, image_in, document_in):
    image_b = image_in(muni_b, title="beta-private")
    document_a = document_in(muni_a, title="alpha-restricted", content=b"restricted")
    with tenant_context(muni_a):
        document_a_name = document_a.file.name
    a, b = muni_a.schema_name, muni_b.schema_name
    b_name = image_b.file.name  # original_images/beta-private.png
    refused = [
        f"/media/{b}/{b_name}",
        f"/media/{a}/../{b}/{b_name}",
        f"/media/{a}/original_images/../../{b}/{b_name}",
        f"/media/{a}/original_images/%2e%2e/%2e%2e/{b}/{b_name}",
        f"/media/{a}//{media_path_of(muni_b, image_b)}",
        f"/media/{a}/original_images/",
        f"/media/{a}/original_images/no-such-file.png",
        # Documents go through Wagtail's view, which applies collection privacy.
        f"/media/{a}/{document_a_name}",
        f"/media/{a}",
    ]
    client = host_client(muni_a)
    for url in refused:
        assert client.get(url).status_code == 404, url
    with tenant_context(muni_a):
        own = image_in(muni_a, title="alpha-own").file.url
    assert client.get(own).status_code == 200
    assert client.post(own).status_code == 405


def media_path_of(municipality, image) -> str:
    with tenant_context(municipality):
        return image.file.path.lstrip("/")


def test_wagtail_document_view_serves_from_the_tenants_storage(muni_a, muni_b, host_client, document_in):
    # The same id and file name in both schemas, on purpose: only the host tells them apart.
    pk = next_free_pk(get_document_model(), muni_a, muni_b)
    document_in(muni_a, title="plan", content=b"plan of A", pk=pk)
    document_in(muni_b, title="plan", content=b"plan of B", pk=pk)
    url = f"/documents/{pk}/plan.txt"
    for municipality, content in ((muni_a, b"plan of A"), (muni_b, b"plan of B")):
        response = host_client(municipality).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["X-Content-Type-Options"] == "nosniff"
