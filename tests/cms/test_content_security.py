"""The Content-Security-Policy: on every HTML page, the same for a page whether rendered or
replayed by the page cache, Yandex Metrika's hosts only where the municipality turned analytics
on, Wagtail's admin under its own looser policy by path and nowhere else.

The exact policies are spelled out here (not read back from the settings), so a change to what
a page may load shows up as a failing test.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from accounts.models import Role
from cms.base.models import SiteBranding
from tenants.municipalities.services import municipality_archive

SELF, NONE = "'self'", "'none'"
VIDEO_FRAMES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://rutube.ru",
]
PUBLIC = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "connect-src": [SELF],
    "font-src": [SELF],
    "frame-src": VIDEO_FRAMES,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "connect-src": [SELF],
    "font-src": [SELF, "data:"],
    "media-src": [SELF, "blob:"],
    "frame-src": [SELF, *VIDEO_FRAMES],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
METRIKA_COUNTRIES = ["ru", "az", "by", "co.il", "com", "com.am", "com.ge", "com.tr", "ee", "fr", "kg", "kz"]
METRIKA_COUNTRIES += ["lt", "lv", "md", "tj", "tm", "uz"]
METRIKA_HOSTS = [f"mc.yandex.{c}" for c in METRIKA_COUNTRIES] + ["mc.webvisor.com", "mc.webvisor.org"]
STYLE_TAG = re.compile(r"<style>(.*?)</style>", re.S)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";")]
    return {name: sources for name, *sources in directives}


def inline_style_hashes(html: str) -> list[str]:
    """What a browser computes for each inline <style> of the page."""
    digests = [hashlib.sha256(css.encode()).digest() for css in STYLE_TAG.findall(html)]
    return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


def branding_set(municipality, **fields) -> None:
    with tenant_context(municipality):
        branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
        for name, value in fields.items():
            setattr(branding, name, value)
        branding.full_clean()
        branding.save()


def with_municipal_style(html: str) -> dict[str, list[str]]:
    hashes = inline_style_hashes(html)
    assert len(hashes) == 1, "the branding's colours are the one inline style of a municipal page"
    return {**PUBLIC, "style-src": [SELF, *hashes]}


# Exact policies ------------------------------------------------------------------------------


def test_a_municipal_page_without_analytics_allows_its_own_host_and_its_colours_only(muni_a, host_client):
    response = host_client(muni_a).get("/")
    html = response.content.decode()
    assert policy_of(response) == with_municipal_style(html)
    assert "yandex" not in response["Content-Security-Policy"]


def test_the_colours_style_is_allowed_by_its_exact_hash(muni_a, host_client):
    branding_set(muni_a, primary_colour="#4a1d6b", link_colour="#0b4f8a")
    response = host_client(muni_a).get("/kontakty/")
    html = response.content.decode()
    assert "<style>:root { --brand-dark: #4a1d6b; --brand: #0b4f8a; }</style>" in html
    assert policy_of(response)["style-src"] == [SELF, *inline_style_hashes(html)]


def test_a_colour_written_past_validation_never_reaches_the_stylesheet(muni_a, host_client):
    with tenant_context(muni_a):
        SiteBranding.objects.update_or_create(
            site=Site.objects.get(is_default_site=True),
            defaults={"primary_colour": "red;}*{"},  # seven characters, as the column allows
        )
    html = host_client(muni_a).get("/").content.decode()
    assert "red;}" not in html and "--brand-dark: #083a66;" in html


def test_analytics_add_metrikas_hosts_to_that_municipalitys_pages_only(muni_a, muni_b, host_client):
    branding_set(muni_a, analytics_enabled=True, analytics_counter_id="12345678")
    response = host_client(muni_a).get("/")
    html = response.content.decode()
    https = [f"https://{host}" for host in METRIKA_HOSTS]
    expected = with_municipal_style(html)
    expected["script-src"] = [SELF, "https://mc.yandex.ru", "https://yastatic.net"]
    expected["img-src"] = [SELF, "data:", *https]
    expected["connect-src"] = [SELF, *https, *(f"wss://{host}" for host in METRIKA_HOSTS)]
    expected["frame-src"] = [*VIDEO_FRAMES, *https]
    assert policy_of(response) == expected
    assert 'data-counter="12345678"' in html and "<script>" not in html  # no inline script

    other = host_client(muni_b).get("/")
    assert policy_of(other) == with_municipal_style(other.content.decode())
    region = host_client(None).get("/")
    assert policy_of(region) == PUBLIC

    branding_set(muni_a, analytics_enabled=False)
    assert "yandex" not in host_client(muni_a).get("/")["Content-Security-Policy"]


def test_the_admin_has_its_own_policy_and_the_public_pages_never_get_it(muni_a, host_client, make_user):
    head = make_user(Role.HEAD, muni_a)
    client = host_client(muni_a, head)
    with tenant_context(muni_a):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page
    for path in ("/admin/", f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/", "/admin/images/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response) == ADMIN, path
    signed_in_public = client.get("/")
    assert policy_of(signed_in_public) == with_municipal_style(signed_in_public.content.decode())


def test_production_forbids_framing_like_its_x_frame_options():
    from metodika.settings.csp import frame_ancestors_for, public_policy

    assert public_policy(x_frame_options="DENY")["DIRECTIVES"]["frame-ancestors"] == [NONE]
    assert public_policy(x_frame_options="SAMEORIGIN")["DIRECTIVES"]["frame-ancestors"] == [SELF]
    assert frame_ancestors_for(settings.X_FRAME_OPTIONS) == SELF  # this environment: SAMEORIGIN


# Every kind of page has it ---------------------------------------------------------------------


def test_every_page_of_the_starter_site_carries_the_public_policy(muni_a, host_client):
    client = host_client(muni_a)
    with tenant_context(muni_a):
        site = Site.objects.get(is_default_site=True)
        paths = [page.relative_url(site) for page in Page.objects.live().descendant_of(site.root_page, inclusive=True)]
    assert len(paths) > 8
    for path in [*paths, "/search/?q=план", "/net-takoi-stranicy/"]:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert policy_of(response) == with_municipal_style(response.content.decode()) or (
            response.status_code == 302 and policy_of(response) == PUBLIC
        ), path


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/", "/accounts/confirm-email/"]
)
def test_allauth_pages_carry_the_public_policy(path, muni_a, host_client):
    for client in (host_client(muni_a), host_client(None)):
        response = client.get(path)
        assert response.status_code in (200, 302), path
        assert policy_of(response)["script-src"] == [SELF]
        assert policy_of(response)["frame-ancestors"] == [SELF]


def test_signed_in_pages_and_the_region_portal_carry_it(muni_a, host_client, make_user):
    teacher = make_user(Role.TEACHER, muni_a)
    cabinet = host_client(muni_a, teacher).get("/cabinet/")
    assert cabinet.status_code == 200 and policy_of(cabinet) == with_municipal_style(cabinet.content.decode())
    region = host_client(None)
    for path in ("/", "/news/", "/calendar/"):
        response = region.get(path)
        assert response.status_code == 200 and policy_of(response) == PUBLIC, path


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (Role.INSTITUTE, ["/institute/", "/institute/m/{slug}/", "/institute/m/{slug}/plan/", "/agreements/"]),
        (Role.OPERATOR, ["/operator/", "/operator/provision/", "/news/manage/"]),
    ],
)
def test_the_regions_staff_screens_carry_the_public_policy_with_no_inline_style(
    role, paths, muni_a, host_client, make_user
):
    client = host_client(None, make_user(role))
    for path in paths:
        response = client.get(path.format(slug=muni_a.slug))
        assert response.status_code == 200, path
        assert policy_of(response) == PUBLIC, path
        assert "<style" not in response.content.decode(), path
    if role == Role.INSTITUTE:  # the screens' own styles, moved out of the page, are served
        html = client.get("/institute/").content.decode()
        stylesheet = re.search(r'href="(/static/institute/[^"]+\.css)"', html)
        assert stylesheet is not None
        css = b"".join(client.get(stylesheet.group(1)).streaming_content).decode()
        assert ".institute-dashboard .heat-4" in css


def test_an_archived_municipality_and_an_unknown_host_answer_with_it(muni_a, host_client, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "nowhere.example.ru"]
    unknown = Client(HTTP_HOST="nowhere.example.ru").get("/")
    assert unknown.status_code == 404 and policy_of(unknown)["default-src"] == [SELF]
    municipality_archive(municipality=muni_a, acting_user=None)
    archived = host_client(muni_a).get("/")
    assert archived.status_code == 503 and policy_of(archived)["script-src"] == [SELF]


# The page cache replays it ----------------------------------------------------------------------


@pytest.mark.usefixtures("caches_store")
def test_a_page_cache_hit_through_the_wsgi_front_replays_the_same_policy(muni_a, host_client):
    from django.core.cache import cache

    from cms.base.page_cache import PageCacheFront

    branding_set(muni_a, analytics_enabled=True, analytics_counter_id="12345678")
    cache.clear()  # the write's purge would keep the page from being stored for a minute
    client = host_client(muni_a)
    miss = client.get("/kontakty/")
    assert miss["X-Page-Cache"] == "miss" and "https://mc.yandex.ru" in miss["Content-Security-Policy"]
    reached = []

    def django_application(environ, start_response):
        reached.append(environ)
        return WSGIHandler()(environ, start_response)

    answered: dict[str, object] = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    environ = RequestFactory().get("/kontakty/", HTTP_HOST=muni_a.default_hostname).environ
    b"".join(PageCacheFront(django_application)(environ, start_response))
    headers = answered["headers"]
    assert reached == [] and headers["X-Page-Cache"] == "hit"
    assert headers["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert client.get("/kontakty/")["Content-Security-Policy"] == miss["Content-Security-Policy"]


def test_the_policy_is_the_same_text_whatever_process_renders_it():
    """django-csp joins directives in set order; the header is put in a fixed order."""
    from cms.base.content_security import policy_in_order

    assert policy_in_order("script-src 'self'; default-src 'self'; base-uri 'self'") == (
        "base-uri 'self'; default-src 'self'; script-src 'self'"
    )


# Embeds: the finders accept only hosts whose frames the policy allows ------------------------------


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", True),
        ("https://youtu.be/dQw4w9WgXcQ", True),
        ("https://vimeo.com/76979871", True),
        ("https://rutube.ru/video/3eac3b4561676c17df9132a9a1e62e3e/", True),
        ("https://twitter.com/someone/status/1", False),  # its embed is a script: never
        ("https://vk.com/video-1_456239017", False),  # VK Video has no oEmbed: needs a finder of its own
        ("https://www.instagram.com/p/abc/", False),
    ],
)
def test_embeds_come_only_from_video_hosts_the_policy_frames(url, accepted):
    from wagtail.embeds.finders import get_finders

    assert any(finder.accept(url) for finder in get_finders()) is accepted


def test_an_embedded_videos_frame_is_allowed_by_the_pages_policy(muni_a, host_client, site_home, publish):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    from cms.home.models import StandardPage

    frames = {
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ": "https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed",
        "https://vimeo.com/76979871": "https://player.vimeo.com/video/76979871?app_id=122963",
        "https://rutube.ru/video/3eac3b4561676c17df9132a9a1e62e3e/": (
            "https://rutube.ru/play/embed/3eac3b4561676c17df9132a9a1e62e3e"
        ),
    }
    body = []
    with tenant_context(muni_a):
        for url, src in frames.items():
            # What the provider answered, stored as Wagtail stores it (no network in tests).
            html = f'<iframe src="{src}" width="640" height="360"></iframe>'
            Embed.objects.create(url=url, hash=get_embed_hash(url), type="video", html=html)
            body.append(("embed", {"embed": url, "title": "Видео"}))
    publish(muni_a, site_home(muni_a), StandardPage(title="Видео", slug="video-csp", body=body))
    response = host_client(muni_a).get("/video-csp/")
    html = response.content.decode()
    origins = set(re.findall(r'<iframe[^>]* src="(https://[^/"]+)', html))
    assert len(origins) == 3
    assert origins <= set(policy_of(response)["frame-src"])


# What templates may contain ---------------------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[2]
# Rendered to PDF by WeasyPrint, never served as a page.
PDF_TEMPLATES = {
    "tenants/plans/templates/plans/report.html",
    "tenants/events/templates/events/certificate.html",
    "tenants/olympiads/templates/olympiads/protocol.html",
    "tenants/olympiads/templates/olympiads/certificates.html",
    "tenants/contests/templates/contests/protocol.html",
    "tenants/contests/templates/contests/certificates.html",
}
# A script with a src, or a data block (allauth's JSON for its scripts), is not inline code.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def _served_outside_the_admin(path: Path) -> bool:
    relative = path.relative_to(REPO_ROOT).as_posix()
    if relative in PDF_TEMPLATES or "/admin/" in relative or "/email/" in relative:
        return False
    return "wagtailadmin/" not in path.read_text()


def test_no_template_outside_the_admin_writes_an_inline_script_style_or_handler():
    """The public policy allows none (a new page — allauth's MFA pages, a region screen — too):
    styles and scripts go to static files, the branding's colours through ``{% brand_style %}``."""
    templates = [
        path
        for root in ("cms", "tenants", "platform")
        for path in (REPO_ROOT / root).rglob("templates/**/*.html")
        if _served_outside_the_admin(path)
    ]
    assert len(templates) > 50
    offending = {
        path.relative_to(REPO_ROOT).as_posix(): match.group(0)
        for path in templates
        for match in [INLINE_SCRIPT.search(path.read_text()) or INLINE_STYLE.search(path.read_text())]
        if match
    }
    assert offending == {}
