"""In real Chromium, with the Content-Security-Policy enforced (these contexts never bypass it):
no page type of the public sites, the region's portal and staff screens, allauth's pages or the
municipal admin reports a violation, on a rendered page and on one replayed by the page cache.

A violation is what the browser reports: a ``securitypolicyviolation`` event in any frame (a
listener installed before any page script) or a console error naming the policy. Requests to
other hosts never leave the machine: they are aborted after the browser has checked them against
the policy (a blocked one is never requested), and Yandex Metrika's counter is replaced by a
stand-in that calls the hosts the real one calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser import test_accessibility as accessibility
from tests.browser.conftest import LiveSite, outside_the_browser_loop
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# The accessibility tests' pages: every page type with its content (a page with every block, a
# tagged article, an association with its leader and plan, regional news).
site_content = accessibility.site_content
_municipal_paths, _region_paths = accessibility._municipal_paths, accessibility._region_paths

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.documentURI
  );
});
"""
# What Metrika's tag.js does once loaded: reads the queue, sends its beacons and opens its frame.
METRIKA_STAND_IN = """
window.__metrikaQueue = (window.ym && window.ym.a || []).length;
new Image().src = 'https://mc.yandex.ru/watch/12345678?page-url=x';
fetch('https://mc.yandex.ru/watch/12345678', {method: 'POST', mode: 'no-cors'}).catch(() => {});
fetch('https://mc.yandex.com/sync_cookie_image_check', {mode: 'no-cors'}).catch(() => {});
const frame = document.createElement('iframe');
frame.src = 'https://mc.yandex.ru/metrika/metrika_match.html';
frame.hidden = true;
document.body.appendChild(frame);
"""
VIDEO_PAGE_SLUG = "csp-video"
VIDEO_EMBEDS = {
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ": "https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed",
    "https://vimeo.com/76979871": "https://player.vimeo.com/video/76979871?app_id=122963",
    "https://rutube.ru/video/3eac3b4561676c17df9132a9a1e62e3e/": (
        "https://rutube.ru/play/embed/3eac3b4561676c17df9132a9a1e62e3e"
    ),
}
BRAND_COLOUR = "#4a1d6b"  # rgb(74, 29, 107)


class PolicyWatch:
    """A browser context that reports every Content-Security-Policy violation it sees."""

    def __init__(self, chromium: Any) -> None:
        self.context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(LISTENER)
        self.context.route("**/*", self._only_the_live_site)
        self.console: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)

    def _only_the_live_site(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host == settings.REGION_DOMAIN or host.endswith(f".{settings.REGION_DOMAIN}"):
            route.continue_()
        elif route.request.url == "https://mc.yandex.ru/metrika/tag.js":
            route.fulfill(status=200, content_type="text/javascript", body=METRIKA_STAND_IN)
        else:
            route.abort()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[str]:
        """What every frame of the page reported so far, and the console's policy errors."""
        found = list(self.console)
        for frame in self.page.frames:
            try:
                found += frame.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: S112 — a cross-origin frame that failed to load has no listener to ask
                continue
        return found

    def visit(self, url: str, *, settle_ms: int = 0) -> list[str]:
        """Load ``url`` (its async scripts run before ``load``) and return what was reported;
        ``settle_ms`` leaves time for reports of requests those scripts made."""
        self.console.clear()
        response = self.page.goto(url)
        assert response is not None and response.status < 500, url
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy, f"{url} has no policy"
        self.page.wait_for_load_state("load")
        if settle_ms:
            self.page.wait_for_timeout(settle_ms)
        return self.violations()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(chromium: Any) -> Iterator[PolicyWatch]:
    watch = PolicyWatch(chromium)
    try:
        yield watch
    finally:
        watch.close()


def _sign_in(watch: PolicyWatch, live_site: LiveSite, host: str, email: str) -> None:
    page = watch.page
    page.goto(live_site.url(host, "/accounts/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(live_site.url(host, "/cabinet/"))


@pytest.fixture(scope="module")
def video_page(live_municipalities: dict[str, Any]) -> Iterator[str]:
    """A page of municipality A with a video of each host whose frames the policy allows."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.models import Page, Site

    from cms.home.models import StandardPage

    muni = live_municipalities["a"]

    def remove() -> None:
        with schema_context(muni.schema_name):
            Page.objects.filter(slug=VIDEO_PAGE_SLUG).delete()
            Embed.objects.filter(url__in=VIDEO_EMBEDS).delete()

    def create() -> None:
        remove()
        with schema_context(muni.schema_name):
            for url, src in VIDEO_EMBEDS.items():  # what each provider's oEmbed answered
                html = f'<iframe src="{src}" width="640" height="360" allowfullscreen></iframe>'
                Embed.objects.create(url=url, hash=get_embed_hash(url), type="video", html=html)
            body = [("embed", {"embed": url, "title": "Видеозапись семинара"}) for url in VIDEO_EMBEDS]
            home = Site.objects.get(is_default_site=True).root_page
            page = home.add_child(instance=StandardPage(title="Видео", slug=VIDEO_PAGE_SLUG, body=body))
            page.save_revision().publish()

    outside_the_browser_loop(create)
    yield f"/{VIDEO_PAGE_SLUG}/"
    outside_the_browser_loop(remove)


@pytest.fixture(scope="module")
def analytics_on_b(live_municipalities: dict[str, Any]) -> Iterator[None]:
    """Municipality B turns Metrika on and takes its own colour; put back at teardown."""
    from wagtail.models import Site

    from cms.base.models import SiteBranding

    muni = live_municipalities["b"]

    def update(**fields: Any) -> dict[str, Any]:
        from django.core.cache import cache

        from cms.base import page_cache

        with schema_context(muni.schema_name):
            branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
            before = {name: getattr(branding, name) for name in fields}
            for name, value in fields.items():
                setattr(branding, name, value)
            branding.save()
            # The write has committed: no need to wait out the purge before pages are stored.
            cache.delete(page_cache._settling_key(muni.schema_name))
            return before

    before = outside_the_browser_loop(
        lambda: update(analytics_enabled=True, analytics_counter_id="12345678", primary_colour=BRAND_COLOUR)
    )
    yield
    outside_the_browser_loop(lambda: update(**before))


@pytest.fixture(scope="module")
def region_user(live_site: LiveSite, live_municipalities: dict[str, Any]) -> Iterator[Callable[[str], Any]]:
    """Committed users holding a region role; they, their sessions and audit rows go at teardown."""
    from django.contrib.sessions.models import Session

    from accounts.models import User
    from accounts.services import role_grant
    from audit.models import AuditEntry
    from tests.factories import UserFactory

    made: list[Any] = []

    def make(role: str) -> Any:
        def create() -> Any:
            user = UserFactory(email=f"browser-csp-{uuid.uuid4().hex[:10]}@example.test")
            role_grant(user=user, role=role, municipality=None, acting_user=None)
            return user

        user = outside_the_browser_loop(create)
        made.append(user)
        return user

    yield make

    def delete() -> None:
        for user in made:
            for session in Session.objects.all():
                if session.get_decoded().get("_auth_user_id") == str(user.pk):
                    session.delete()
            AuditEntry.objects.filter(target=user.email).delete()
            with schema_context(live_municipalities["a"].schema_name):  # Wagtail's per-user tables live there
                User.objects.filter(pk=user.pk).delete()

    outside_the_browser_loop(delete)


def _live_page_paths(municipality: Any) -> list[str]:
    """Every published page of the municipality's site: each page type the site has."""
    from wagtail.models import Page, Site

    def read() -> list[str]:
        with schema_context(municipality.schema_name):
            site = Site.objects.get(is_default_site=True)
            pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific()
            return [page.relative_url(site) for page in pages]

    return outside_the_browser_loop(read)


def test_the_watch_sees_what_the_policy_blocks(live_site, live_municipalities, watch):
    """The check itself can fail: an inline script, a foreign image and a call to Metrika's host
    on a municipality without analytics are each reported."""
    url = live_site.url(live_municipalities["a"].default_hostname, "/kontakty/")
    assert watch.visit(url) == []
    watch.page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.__ran = true';
            document.body.appendChild(script);
            const image = new Image();
            image.src = 'https://tracker.example.com/pixel.gif';
            document.body.appendChild(image);
            fetch('https://mc.yandex.ru/watch/1').catch(() => {});
        }"""
    )
    watch.page.wait_for_timeout(300)
    reported = " | ".join(watch.violations())
    assert "script-src-elem blocked inline" in reported
    assert "img-src blocked https://tracker.example.com/pixel.gif" in reported
    assert "connect-src blocked https://mc.yandex.ru/watch/1" in reported
    assert watch.page.evaluate("window.__ran === undefined")


def test_no_public_page_type_reports_a_violation(
    site_content,
    video_page,
    live_site,
    live_municipalities,
    watch,
):
    muni = live_municipalities["a"]
    host = muni.default_hostname
    paths = sorted({*_municipal_paths(site_content), *_live_page_paths(muni), video_page})
    assert len(paths) > 15
    found = {path: v for path in paths if (v := watch.visit(live_site.url(host, path)))}
    for path in [*_region_paths(site_content), "/calendar/", "/accounts/login/", "/accounts/password/reset/"]:
        if v := watch.visit(live_site.url(settings.REGION_DOMAIN, path)):
            found[f"region {path}"] = v
    assert found == {}
    # The videos are there, framed (the network is cut, not the policy).
    watch.visit(live_site.url(host, video_page))
    assert watch.page.locator("figure.embed iframe").count() == len(VIDEO_EMBEDS)


def test_colours_and_analytics_work_under_the_policy_rendered_and_replayed_from_the_cache(
    analytics_on_b, live_site, live_municipalities, watch
):
    host = live_municipalities["b"].default_hostname
    url = live_site.url(host, "/kontakty/")
    served = []
    watch.page.on("response", lambda r: served.append(r.headers.get("x-page-cache")) if r.url == url else None)
    for _visit in range(3):  # rendered (and stored once the branding's purge has settled), then replayed
        assert watch.visit(url, settle_ms=300) == []
        expect(watch.page.locator(".site-header")).to_have_css("background-color", "rgb(74, 29, 107)")
        assert watch.page.evaluate("window.__metrikaQueue") == 1  # the counter was started, from a file
    assert served == ["miss", "hit", "hit"]


def test_the_regions_staff_screens_report_no_violation(region_user, live_site, live_municipalities, watch):
    slug = live_municipalities["a"].slug
    region = settings.REGION_DOMAIN
    institute = region_user(Role.INSTITUTE)
    _sign_in(watch, live_site, region, institute.email)
    found = {}
    paths = ("/cabinet/", "/institute/", f"/institute/m/{slug}/", f"/institute/m/{slug}/plan/", "/agreements/")
    paths += ("/institute/quality/", "/institute/quality/organisations/", "/institute/quality/thresholds/")
    for path in (*paths, f"/institute/m/{slug}/quality/"):
        if v := watch.visit(live_site.url(region, path)):
            found[path] = v
    assert found == {}
    watch.page.locator(".user-nav").get_by_role("button", name="Выйти").click()
    operator = region_user(Role.OPERATOR)
    _sign_in(watch, live_site, region, operator.email)
    for path in ("/operator/", "/operator/provision/", "/news/manage/", "/news/manage/add/"):
        if v := watch.visit(live_site.url(region, path)):
            found[path] = v
    assert found == {}


def test_the_municipal_admin_reports_no_violation(committed_user, site_content, live_site, live_municipalities, watch):
    from wagtail.models import Site

    muni = live_municipalities["a"]
    host = muni.default_hostname
    head = committed_user(Role.HEAD, muni)

    def ids() -> dict[str, int]:
        from cms.home.models import StandardPage

        with schema_context(muni.schema_name):
            site = Site.objects.get(is_default_site=True)
            return {"home": site.root_page_id, "site": site.pk, "page": StandardPage.objects.get(slug="a11y-bloki").pk}

    known = outside_the_browser_loop(ids)
    _sign_in(watch, live_site, host, head.email)
    screens = [
        "/admin/",
        f"/admin/pages/{known['home']}/",
        f"/admin/pages/{known['page']}/edit/",
        f"/admin/pages/{known['page']}/view_draft/",  # the public template, under the admin's policy
        "/admin/images/",
        "/admin/documents/",
        f"/admin/settings/base/sitebranding/{known['site']}/",
        "/admin/plans/",
        "/admin/users/",
    ]
    found = {path: v for path in screens if (v := watch.visit(live_site.url(host, path)))}
    assert found == {}
    watch.visit(live_site.url(host, "/admin/"))
    expect(watch.page.locator("body#wagtail")).to_have_count(1)  # signed in all along
