"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on any staff screen of ours, normal and
low vision (:mod:`tests.browser.staff_walk`): the region host's screens and the first half of the
municipality's admin here, the second half in ``test_staff_accessibility_second_half.py``; every
staff route is a screen the walk's scene fills or is named as no screen; Wagtail's «more contrast»
is the one class the walk sets, and the rules checked again with it are every WCAG rule that reads
colours."""

from __future__ import annotations

import pytest

from tests.browser.axe import AXE, COLOUR_RULES, WCAG_TAGS
from tests.browser.conftest import outside_the_browser_loop
from tests.browser.staff_browser import staff_browser
from tests.browser.staff_screens import staff_screens
from tests.browser.staff_walk import admin_contrast, low_vision, walk_staff_screens

pytestmark = pytest.mark.browser


def test_every_staff_route_is_a_screen_the_scene_fills_or_is_named_as_no_screen(staff_scene):
    screens, unfilled, _skipped = outside_the_browser_loop(lambda: staff_screens(staff_scene))
    assert not unfilled, "routes without an object of the scene: " + ", ".join(
        f"{r.host} {r.name} {r.pattern}" for r in unfilled
    )
    hosts = {screen.host for screen in screens}
    assert hosts == {"region", "admin"}
    # The homes and notifications of the association leader and the school coordinator are walked
    # as them (issue 21), beside the head's home of tests/browser/test_home_accessibility.py.
    walked_as = {(screen.name, screen.role) for screen in screens}
    assert {("wagtailadmin_home", "gmo"), ("wagtailadmin_home", "zavuch")} <= walked_as


def test_no_wcag_violation_on_any_staff_screen_of_the_region_normal_and_low_vision(staff_scene, live_site, chromium):
    walk_staff_screens("region", staff_scene, live_site, chromium)


def test_no_wcag_violation_on_the_first_half_of_the_admin_normal_and_more_contrast(staff_scene, live_site, chromium):
    walk_staff_screens("admin", staff_scene, live_site, chromium, half=0)


def test_the_more_contrast_pass_checks_every_wcag_rule_that_reads_colours(chromium):
    """The admin's second axe pass (Wagtail's «more contrast», which changes colours and borders
    only) runs the rules axe files under colour among the WCAG 2.1 A/AA ones: none is left out."""
    page = chromium.new_page()
    try:
        page.set_content("<!doctype html><html lang='ru'><title>axe</title><p>axe</p></html>")
        page.add_script_tag(path=str(AXE))
        colour_rules = page.evaluate(
            "(tags) => axe.getRules(tags).filter(r => r.tags.includes('cat.color')).map(r => r.ruleId)", WCAG_TAGS
        )
    finally:
        page.close()
    assert sorted(colour_rules) == sorted(COLOUR_RULES)


def test_wagtails_more_contrast_is_the_one_class_the_walk_sets(staff_scene, live_site, chromium):
    """The admin walk checks «more contrast» by swapping ``w-contrast-system`` for
    ``w-contrast-more`` on a screen served in the normal contrast: served with the preference on
    the profile, the same screen differs by that class alone."""
    from django.conf import settings

    scene = staff_scene
    screens, _unfilled, _skipped = outside_the_browser_loop(lambda: staff_screens(scene, "admin"))
    screen = next(s for s in screens if s.role == "head")
    # The page as served, less the CSRF tokens (a new one in every response).
    script = (
        "() => document.documentElement.outerHTML"
        '.replace(/csrfmiddlewaretoken" value="[^"]*"/g, \'\').replace(/"CSRF_TOKEN": "[^"]*"/g, \'\')'
    )
    with staff_browser(chromium, live_site) as browser:
        page = browser.page_pair(screen.role, scene.people[screen.role], scene.host)[0]
        try:
            low_vision("normal", scene, [page], settings.REGION_DOMAIN)
            page.goto(live_site.url(scene.host, screen.path))
            page.evaluate("() => document.documentElement.classList.replace('w-contrast-system', 'w-contrast-more')")
            toggled = page.evaluate(script)
            admin_contrast(scene, "more_contrast")
            page.goto(live_site.url(scene.host, screen.path))
            served = page.evaluate(script)
        finally:
            admin_contrast(scene, "system")
    assert "w-contrast-more" in served
    assert toggled == served
