"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on any staff screen of ours, on the
region host (the institute's workspace, agreements, the calendar's management, the operator's
screens) and in a municipality's Wagtail admin (every screen our viewsets and hooks add), each in
the normal look and in the low-vision one.

The screens are read from the URL resolvers (:mod:`tests.browser.staff_screens`) and filled from a
municipality of the walk's own (:mod:`tests.browser.staff_scene`). Low vision on the region host is
the site's own version for the visually impaired (its cookie: large print, white on black); the
Wagtail admin has none of ours and offers Wagtail's «more contrast» preference, set on the person's
profile as the account page would.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, violations_report
from tests.browser.conftest import LiveSite, outside_the_browser_loop
from tests.browser.staff_browser import staff_browser
from tests.browser.staff_scene import StaffScene, scene_build, scene_remove
from tests.browser.staff_screens import Screen, staff_screens

pytestmark = pytest.mark.browser

LOW_VISION_COOKIE = "large.wb.on.normal"
MODES = ("normal", "low vision")


@pytest.fixture(scope="module")
def staff_scene(live_site: LiveSite) -> Iterator[StaffScene]:
    scene = outside_the_browser_loop(scene_build)
    try:
        yield scene
    finally:
        outside_the_browser_loop(scene_remove)


def _admin_contrast(scene: StaffScene, contrast: str) -> None:
    from wagtail.users.models import UserProfile

    def update() -> None:
        from django_tenants.utils import schema_context

        with schema_context(scene.municipality.schema_name):
            profile = UserProfile.get_for_user(scene.people["head"])
            profile.contrast = contrast
            profile.save(update_fields=["contrast"])

    outside_the_browser_loop(update)


def _low_vision(mode: str, scene: StaffScene, pages: list[Any], region_host: str) -> None:
    from cms.base.vision import VISION_COOKIE_NAME

    for page in pages:
        if mode == "normal":
            page.context.clear_cookies(name=VISION_COOKIE_NAME)
        else:
            cookie = {"name": VISION_COOKIE_NAME, "value": LOW_VISION_COOKIE, "domain": region_host, "path": "/"}
            page.context.add_cookies([cookie])
    _admin_contrast(scene, "system" if mode == "normal" else "more_contrast")


def _check(
    page: Any, screen: Screen, url: str, mode: str, spent: dict[str, float]
) -> tuple[str | None, list[dict[str, Any]]]:
    """(what went wrong on the way to the screen, axe's findings on it)."""
    loaded = time.monotonic()
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error as error:  # an empty error answer (a 405 from a POST-only view, say)
        page.goto("about:blank")  # or the browser's error page interrupts the next screen
        return error.message.splitlines()[0], []
    status = response.status if response is not None else None
    if status != 200:
        return f"answered {status}", []
    if urlsplit(page.url).path != urlsplit(url).path:
        return f"sent to {page.url}", []
    if mode == "low vision":
        marker = page.locator("body.lv, html.w-contrast-more")
        expect(marker).to_have_count(1)
    checked = time.monotonic()
    spent["load"] += checked - loaded
    violations = axe_violations(page)
    spent["axe"] += time.monotonic() - checked
    return None, violations


def test_every_staff_route_is_a_screen_the_scene_fills_or_is_named_as_no_screen(staff_scene):
    screens, unfilled, _skipped = outside_the_browser_loop(lambda: staff_screens(staff_scene))
    assert not unfilled, "routes without an object of the scene: " + ", ".join(
        f"{r.host} {r.name} {r.pattern}" for r in unfilled
    )
    hosts = {screen.host for screen in screens}
    assert hosts == {"region", "admin"}


@pytest.mark.parametrize("where", ["region", "admin"])
def test_no_wcag_violation_on_any_staff_screen_normal_and_low_vision(where, staff_scene, live_site, chromium):
    from django.conf import settings

    scene = staff_scene
    screens, _unfilled, _skipped = outside_the_browser_loop(lambda: staff_screens(scene, where))
    region_host = settings.REGION_DOMAIN
    found: dict[str, list[dict[str, Any]]] = {}
    unreachable: dict[str, str] = {}
    started = time.monotonic()
    spent = {"load": 0.0, "axe": 0.0}
    with staff_browser(chromium, live_site) as browser:
        for mode in MODES:
            pages = [
                browser.page(role, scene.people[role], region_host if host == "region" else scene.host)
                for role, host in sorted({(s.role, s.host) for s in screens})
            ]
            _low_vision(mode, scene, pages, region_host)
            for screen in screens:
                host = region_host if screen.host == "region" else scene.host
                page = browser.page(screen.role, scene.people[screen.role], host)
                problem, violations = _check(page, screen, live_site.url(host, screen.path), mode, spent)
                if problem:
                    unreachable[f"{mode}: {screen}"] = problem
                if violations:
                    found[f"{mode}: {screen}"] = violations
    _admin_contrast(scene, "system")
    print(
        f"\nstaff walk, {where}: {len(screens)} screens × {len(MODES)} modes in {time.monotonic() - started:.0f} s "
        f"(loading {spent['load']:.0f} s, axe {spent['axe']:.0f} s)"
    )
    assert not unreachable and not found, (
        "\n".join(f"{screen}: {problem}" for screen, problem in unreachable.items()) + "\n" + violations_report(found)
    )
