"""In real Chromium with axe-core: no WCAG 2.1 A/AA violation on any staff screen of ours, normal and
low vision (:mod:`tests.browser.staff_walk`): the region host's screens and the first half of the
municipality's admin here, the second half in ``test_staff_accessibility_second_half.py``; every
staff route is a screen the walk's scene fills or is named as no screen; Wagtail's «more contrast»
is the one class the walk sets, the rules checked again with it are every WCAG rule that reads
colours, and the elements they check are every one the class recolours (read from Wagtail's CSS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import (
    AXE,
    COLOUR_RULES,
    WCAG_TAGS,
    axe_findings,
    axe_start_both_contrasts,
    more_contrast_recoloured,
)
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


def test_the_elements_more_contrast_recolours_are_read_from_the_css(tmp_path: Path):
    """A rule under ``w-contrast-more`` that sets anything but borders, outlines or paddings names
    elements to check again; the class's own compound and pseudo-classes are taken off."""
    assert ".messages .warning" in more_contrast_recoloured()  # Wagtail's one recoloured element today
    (tmp_path / "a.css").write_text(
        ".w-contrast-more .box{border:1px solid red;padding:0}/* .w-contrast-more .note{color:red} */"
        ".w-theme-dark.w-contrast-more .tab:hover,.plain{color:#777}"
        ".w-contrast-more .chip::before{background-color:#000;border-width:2px}"
        ".w-contrast-more{--w-color-text:#000}",
        encoding="utf-8",
    )
    assert more_contrast_recoloured(tmp_path) == (".chip", ".tab", "body")


SCREEN = """<!doctype html><html lang="ru" class="w-contrast-system"><head><title>Экран</title><style>
  .messages .warning {{ color: #fff; background-color: #222; }}
  .w-contrast-more .messages .warning {{ background-color: #eee; }}
</style></head><body><main><h1>Экран</h1>{messages}<p>Текст</p></main></body></html>"""


def test_the_more_contrast_pass_checks_the_recoloured_elements_and_skips_a_screen_without_them(chromium):
    """White on dark passes as served and fails once the class lightens the background: the second
    pass finds it; a screen with no recoloured element gets no second pass."""
    page = chromium.new_page()
    try:
        for messages, checked, found in (
            ('<ul class="messages"><li class="warning">Внимание</li></ul>', [".messages .warning"], ["color-contrast"]),
            ("", [], []),
        ):
            page.set_content(SCREEN.format(messages=messages))
            axe_start_both_contrasts(page)
            findings = axe_findings(page)
            assert findings["normal"] == []
            assert [v["id"] for v in findings["more"]] == found
            assert page.evaluate("() => window.__axeMoreChecked") == checked
    finally:
        page.close()


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
