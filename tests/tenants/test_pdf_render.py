"""PDFs fetch only the project's own files: no other host, no file of the server, no other
municipality's uploads — and every HTML-to-PDF call in the code goes through that fetcher.

A real HTTP server on the loopback counts what is asked of it; ``<link rel="attachment">`` (which
WeasyPrint embeds in the PDF) shows what was read from disk. The same HTML through WeasyPrint's
default fetcher reaches both, so the test can tell.
"""

from __future__ import annotations

import base64
import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from django_tenants.utils import tenant_context

from tenants.pdf_render import pdf_from_html

REPO = Path(__file__).resolve().parents[2]
WEASYPRINT_IMPORT = re.compile(r"^\s*(from|import) weasyprint\b", re.MULTILINE)
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = PNG_1PX if self.path.endswith(".png") else b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "image/png" if self.path.endswith(".png") else "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def outside_server() -> Iterator[tuple[str, list[str]]]:
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def media(settings, tmp_path: Path, muni_a, muni_b) -> dict[str, Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    files = {
        "own_image": tmp_path / "media" / muni_a.schema_name / "original_images" / "logo.txt",
        "own_import": tmp_path / "media" / muni_a.schema_name / "imports" / "teachers" / "upload.data",
        "other_image": tmp_path / "media" / muni_b.schema_name / "original_images" / "logo.txt",
        "outside": tmp_path / "secret.txt",
    }
    for name, path in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"marker:{name}".encode())
    return files


def _attachments(pdf: bytes) -> dict[str, bytes]:
    return {name: contents[0] for name, contents in pypdf.PdfReader(io.BytesIO(pdf)).attachments.items()}


def _html(server: str, media: dict[str, Path], muni_a) -> str:
    links = [
        "file:///etc/passwd",
        media["outside"].as_uri(),
        media["other_image"].as_uri(),
        media["own_import"].as_uri(),
        f"/media/{muni_a.schema_name}/imports/teachers/upload.data",
        f"/media/{muni_a.schema_name}/../{media['other_image'].parts[-3]}/original_images/logo.txt",
        f"{server}/leak.css",
        # What the fetcher does serve: the municipality's own images and the static files.
        media["own_image"].as_uri(),
        "/static/css/site.css",
    ]
    attachments = "".join(f'<link rel="attachment" href="{href}">' for href in links)
    return (
        f'<html><head><link rel="stylesheet" href="{server}/style.css">{attachments}</head>'
        f'<body><p>Сертификат</p><img src="{server}/pixel.png" alt=""><img src="file:///etc/hostname" alt="">'
        "</body></html>"
    )


def test_a_pdf_fetches_nothing_outside_the_projects_own_files(outside_server, media, muni_a):
    server, hits = outside_server
    html = _html(server, media, muni_a)
    with tenant_context(muni_a):
        pdf = pdf_from_html(html)
    assert pdf.startswith(b"%PDF-")
    assert hits == []
    attached = _attachments(pdf)
    assert attached.get("logo.txt") == b"marker:own_image"
    assert b"body" in attached.get("site.css", b"")  # the project's static stylesheet
    everything = b"".join(attached.values())
    for name in ("outside", "other_image", "own_import"):
        assert f"marker:{name}".encode() not in everything, name
    assert b"root:" not in everything and "passwd" not in attached

    # WeasyPrint's own fetcher, given the same HTML, reaches all of it: the test can tell.
    from weasyprint import HTML

    with tenant_context(muni_a):
        unguarded = HTML(string=html).write_pdf()
    assert {"/style.css", "/pixel.png", "/leak.css"} <= set(hits)
    assert "passwd" in _attachments(unguarded) and b"marker:outside" in b"".join(_attachments(unguarded).values())


def test_a_pdf_on_the_regions_schema_fetches_no_municipalitys_files(media):
    pdf = pdf_from_html(f'<html><head><link rel="attachment" href="{media["own_image"].as_uri()}"></head></html>')
    assert _attachments(pdf) == {}


def test_every_html_to_pdf_call_goes_through_the_guarded_fetcher():
    callers = [
        path.relative_to(REPO).as_posix()
        for folder in ("platform", "tenants", "cms")
        for path in (REPO / folder).rglob("*.py")
        if WEASYPRINT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert callers == ["tenants/pdf_render.py"]
