"""axe-core in the browser: the one runner every accessibility test uses.

axe is loaded as a script of the page's own origin, answered by the browser's router and never
by the server, which the project's Content-Security-Policy (``script-src 'self'``) allows; an
inline script it would refuse. The checks are WCAG 2.1 A and AA, nothing switched off.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import wagtail

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/__axe-core__.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NODES_SHOWN = 5

# ``context``: what axe checks (``document``, or ``{include: [...]}``); ``only``: the run's rules by
# tag ({type: 'tag', values: [...]}) or by id ({type: 'rule', ...}).
CHECK = """(context, only, shown) => axe.run(context, {runOnly: only, resultTypes: ['violations']})
    .then(result => result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, shown).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
        count: v.nodes.length,
    })))"""
WCAG = {"type": "tag", "values": WCAG_TAGS}
# axe starts in the page's next task, so that ``page.evaluate`` returns at once and the browser
# checks this page while the walk loads the next one in another (axe's run is mostly synchronous:
# started inside the evaluation, it would hold the walk for the whole check).
LATER = "new Promise(resolve => setTimeout(resolve, 0))"
START = f"""([only, shown]) => {{ window.__axeFindings = {LATER}.then(() => ({CHECK})(document, only, shown)); }}"""
# Wagtail's «more contrast» is the class ``w-contrast-more`` on <html> in place of
# ``w-contrast-system`` (``admin_theme_classname``), nothing else in the page: the page checked
# as served, then with the class the server writes for a person who chose more contrast. The
# class changes colours on a few elements and borders and paddings on others (Wagtail's CSS,
# read by ``more_contrast_recoloured``), so with it only the rules that read colours
# (``COLOUR_RULES``, every WCAG rule of the tags above that does: held to that by
# tests/browser/test_staff_accessibility.py) can find anything new, and only on the elements it
# recolours: they run again on those elements, and not at all on a screen that has none.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
START_BOTH_CONTRASTS = f"""([only, colours, recoloured, shown]) => {{
    const check = {CHECK};
    window.__axeFindings = {LATER}.then(() => check(document, only, shown)).then(normal => {{
        document.documentElement.classList.replace('w-contrast-system', 'w-contrast-more');
        const include = recoloured.filter(selector => document.querySelector(selector) !== null);
        window.__axeMoreChecked = include;
        if (!include.length) return {{normal, more: []}};
        return check({{include: include.map(selector => [selector])}}, colours, shown).then(more => ({{normal, more}}));
    }});
}}"""
WAGTAIL_CSS = Path(wagtail.__file__).parent / "admin" / "static" / "wagtailadmin" / "css"
# What a rule may change and still leave every colour as it was: the border's and the box's
# geometry and the border's colour (a border is not text nor the background behind it).
_NOT_COLOURS = re.compile(r"^(border(-[a-z]+)*|padding(-[a-z]+)*|outline(-[a-z]+)*)$")


@functools.cache
def more_contrast_recoloured(css_dir: Path = WAGTAIL_CSS) -> tuple[str, ...]:
    """The selectors of the elements whose colours Wagtail's ``w-contrast-more`` changes: every rule
    under that class in Wagtail's admin CSS that sets anything but a border, an outline or a
    padding, the class's compound and any pseudo-class or pseudo-element taken off (an element
    recoloured on hover is checked as it stands)."""
    selectors: set[str] = set()
    for path in sorted(css_dir.rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for match in re.finditer(r"([^{}]*\bw-contrast-more\b[^{}]*)\{([^{}]*)\}", text):
            properties = {d.split(":", 1)[0].strip() for d in match.group(2).split(";") if ":" in d}
            if all(_NOT_COLOURS.match(p) for p in properties):
                continue
            for selector in match.group(1).split(","):
                if "w-contrast-more" not in selector:
                    continue
                rest = re.sub(r"^\s*\S*w-contrast-more\S*", "", selector.strip())  # the <html> compound
                rest = re.sub(r"::?[a-zA-Z-]+(\([^)]*\))?", "", rest).strip()
                selectors.add(rest or "body")  # the class on <html> itself: the whole page
    return tuple(sorted(selectors))


def _serve_axe(route: Any) -> None:
    route.fulfill(path=str(AXE), content_type="text/javascript")


def axe_preload(context: Any) -> None:
    """Give every page ``context`` opens axe-core as the page starts (Chromium's own injection, which
    the page's Content-Security-Policy does not govern): a walk of hundreds of screens then sends
    the script to the browser once, not once a screen."""
    context.add_init_script(path=str(AXE))


def _load_axe(page: Any) -> None:
    if page.evaluate("() => typeof window.axe === 'object'"):  # preloaded (axe_preload)
        return
    origin = re.match(r"^https?://[^/]+", page.url)
    if origin is None:  # set_content: no origin, no policy
        page.add_script_tag(path=str(AXE))
    else:
        url = origin.group(0) + AXE_PATH
        page.route(url, _serve_axe)
        try:
            page.add_script_tag(url=url)
        finally:
            page.unroute(url, _serve_axe)


def axe_start(page: Any) -> None:
    """Load axe into the page and start it; :func:`axe_findings` waits for what it finds. The
    browser checks this page while the test loads another."""
    _load_axe(page)
    page.evaluate(START, [WCAG, NODES_SHOWN])


def axe_start_both_contrasts(page: Any) -> None:
    """As :func:`axe_start` on a Wagtail admin screen served in the normal contrast, checked as it
    is and then in Wagtail's «more contrast» (the colour rules, on the elements the class
    recolours); :func:`axe_findings` answers ``{normal, more}``."""
    _load_axe(page)
    colours = {"type": "rule", "values": COLOUR_RULES}
    page.evaluate(START_BOTH_CONTRASTS, [WCAG, colours, list(more_contrast_recoloured()), NODES_SHOWN])


def axe_findings(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("() => window.__axeFindings")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's findings on the page as it is, its Content-Security-Policy enforced."""
    axe_start(page)
    return axe_findings(page)


def violations_report(found: dict[str, list[dict[str, Any]]]) -> str:
    """One block per screen: each rule with its impact, how many nodes, and the first few."""
    lines = []
    for screen, violations in found.items():
        lines.append(screen)
        for v in violations:
            lines.append(f"  {v['id']} ({v['impact']}, {v.get('count', len(v['nodes']))} nodes): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)
