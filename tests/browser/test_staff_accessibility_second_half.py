"""The second half of the municipality's admin in the staff walk (:mod:`tests.browser.staff_walk`):
a file of its own, so that pytest-xdist's other process walks it beside the first half."""

from __future__ import annotations

import pytest

from tests.browser.staff_walk import walk_staff_screens

pytestmark = pytest.mark.browser


def test_no_wcag_violation_on_the_second_half_of_the_admin_normal_and_more_contrast(staff_scene, live_site, chromium):
    walk_staff_screens("admin", staff_scene, live_site, chromium, half=1)
