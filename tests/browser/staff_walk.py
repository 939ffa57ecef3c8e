"""The staff walk: in real Chromium with axe-core, no WCAG 2.1 A/AA violation on any staff screen of
ours, on the region host (the institute's workspace, agreements, the calendar's management, the operator's
screens) and in a municipality's Wagtail admin (every screen our viewsets and hooks add), each in
the normal look and in the low-vision one.

The screens are read from the URL resolvers (:mod:`tests.browser.staff_screens`) and filled from a
municipality of the walk's own (:mod:`tests.browser.staff_scene`). Low vision on the region host is
the site's own version for the visually impaired (its cookie: large print, white on black); the
Wagtail admin has none of ours and offers Wagtail's «more contrast» preference, which the server
writes as one class on ``<html>``: each admin screen is loaded once and checked as served, then with
that class (:func:`tests.browser.axe.axe_start_both_contrasts`); one screen is also served with the
preference set on the person's profile, as the account page would, to hold that the class is all it
changes (tests/browser/test_staff_accessibility.py).

The walk runs as three tests in two files — the region host's screens and half the admin's in
``test_staff_accessibility.py``, the other half in ``test_staff_accessibility_second_half.py`` —
so that pytest-xdist's two processes share it.
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.axe import axe_findings, axe_start, axe_start_both_contrasts, violations_report
from tests.browser.conftest import LiveSite, outside_the_browser_loop
from tests.browser.staff_browser import staff_browser
from tests.browser.staff_scene import StaffScene
from tests.browser.staff_screens import Screen, staff_screens

LOW_VISION_COOKIE = "large.wb.on.normal"
MODES = ("normal", "low vision")
BOTH = "normal and low vision"  # an admin screen: both contrasts from one load


def admin_contrast(scene: StaffScene, contrast: str) -> None:
    from wagtail.users.models import UserProfile

    def update() -> None:
        from django_tenants.utils import schema_context

        with schema_context(scene.municipality.schema_name):
            for key in ("head", "gmo", "zavuch"):  # the admin's screens are opened by these (staff_screens._role)
                profile = UserProfile.get_for_user(scene.people[key])
                profile.contrast = contrast
                profile.save(update_fields=["contrast"])

    outside_the_browser_loop(update)


def low_vision(mode: str, scene: StaffScene, pages: list[Any], region_host: str) -> None:
    from cms.base.vision import VISION_COOKIE_NAME

    for page in pages:
        if mode == "normal":
            page.context.clear_cookies(name=VISION_COOKIE_NAME)
        else:
            cookie = {"name": VISION_COOKIE_NAME, "value": LOW_VISION_COOKIE, "domain": region_host, "path": "/"}
            page.context.add_cookies([cookie])
    admin_contrast(scene, "system" if mode == "normal" else "more_contrast")


def _open(page: Any, url: str, mode: str) -> str | None:
    """Load the screen; what went wrong on the way, if anything."""
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error as error:  # an empty error answer (a 405 from a POST-only view, say)
        page.goto("about:blank")  # or the browser's error page interrupts the next screen
        return error.message.splitlines()[0]
    status = response.status if response is not None else None
    if status != 200:
        return f"answered {status}"
    if urlsplit(page.url).path != urlsplit(url).path:
        return f"sent to {page.url}"
    if mode == "low vision":
        expect(page.locator("body.lv, html.w-contrast-more")).to_have_count(1)
    if mode == BOTH:
        expect(page.locator("html.w-contrast-system")).to_have_count(1)
    return None


class Walk:
    """Each screen loaded in one page of its person while axe checks the previous in the other."""

    def __init__(self, browser: Any, scene: StaffScene, live_site: LiveSite, region_host: str) -> None:
        self.browser, self.scene, self.live_site, self.region_host = browser, scene, live_site, region_host
        self.found: dict[str, list[dict[str, Any]]] = {}
        self.unreachable: dict[str, str] = {}
        self.checked = 0
        self.waiting: tuple[str, Any] | None = None

    def host(self, screen: Screen) -> str:
        return self.region_host if screen.host == "region" else self.scene.host

    def pages(self) -> list[Any]:
        return [page for pair in self.browser.pages.values() for page in pair]

    def visit(self, screen: Screen, mode: str) -> None:
        host = self.host(screen)
        pair = self.browser.page_pair(screen.role, self.scene.people[screen.role], host)
        page = pair[1] if self.waiting is not None and self.waiting[1] is pair[0] else pair[0]
        problem = _open(page, self.live_site.url(host, screen.path), mode)
        if problem is None:
            (axe_start_both_contrasts if mode == BOTH else axe_start)(page)
        else:
            self.unreachable[f"{mode}: {screen}"] = problem
        self.collect()
        self.waiting = (f"{mode}: {screen}", page) if problem is None else None

    def collect(self) -> None:
        if self.waiting is None:
            return
        name, page = self.waiting
        self.waiting = None
        findings = axe_findings(page)
        if name.startswith(BOTH):
            screen = name.removeprefix(BOTH)
            by_mode = {f"normal{screen}": findings["normal"], f"low vision{screen}": findings["more"]}
        else:
            by_mode = {name: findings}
        for mode_name, violations in by_mode.items():
            self.checked += 1
            if violations:
                self.found[mode_name] = violations


def walk_staff_screens(
    where: str, scene: StaffScene, live_site: LiveSite, chromium: Any, half: int | None = None
) -> None:
    """Walk the staff screens of ``where`` («region» or «admin») in every mode and assert axe-core
    finds nothing; ``half`` (0 or 1) walks every other screen, so that the admin's walk runs as two
    test files in pytest-xdist's two processes."""
    from django.conf import settings

    screens, _unfilled, _skipped = outside_the_browser_loop(lambda: staff_screens(scene, where))
    if half is not None:
        screens = screens[half::2]
    # STAFF_WALK_ONLY=leadership,bodies: walk only the routes whose names start so (a developer's
    # run of their own screens; the full walk is the default).
    only = tuple(p for p in os.environ.get("STAFF_WALK_ONLY", "").split(",") if p)
    if only:
        screens = [screen for screen in screens if screen.name.startswith(only)]
    region_host = settings.REGION_DOMAIN
    started = time.monotonic()
    with staff_browser(chromium, live_site) as browser:
        walk = Walk(browser, scene, live_site, region_host)
        for mode in MODES if where == "region" else (BOTH,):
            for screen in screens:  # sign in everyone before the mode is set on their contexts
                browser.page_pair(screen.role, scene.people[screen.role], walk.host(screen))
            walk.collect()
            low_vision("normal" if mode == BOTH else mode, scene, walk.pages(), region_host)
            for screen in screens:
                walk.visit(screen, mode)
        walk.collect()
    admin_contrast(scene, "system")
    print(
        f"\nstaff walk, {where}: {len(screens)} screens × {len(MODES)} modes, {walk.checked} checked by axe-core, ",
        end="",
    )
    print(f"{time.monotonic() - started:.0f} s")
    assert walk.checked == len(screens) * len(MODES) or walk.unreachable
    assert not walk.unreachable and not walk.found, (
        "\n".join(f"{screen}: {problem}" for screen, problem in walk.unreachable.items())
        + "\n"
        + violations_report(walk.found)
    )
