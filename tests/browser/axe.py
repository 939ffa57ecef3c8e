"""axe-core in the browser: the one runner every accessibility test uses.

axe is loaded as a script of the page's own origin, answered by the browser's router and never
by the server, which the project's Content-Security-Policy (``script-src 'self'``) allows; an
inline script it would refuse. The checks are WCAG 2.1 A and AA, nothing switched off.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "/__axe-core__.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NODES_SHOWN = 5

RUN = """async ([tags, shown]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, shown).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
        count: v.nodes.length,
    }));
}"""


def _serve_axe(route: Any) -> None:
    route.fulfill(path=str(AXE), content_type="text/javascript")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's findings on the page as it is, its Content-Security-Policy enforced."""
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
    return page.evaluate(RUN, [WCAG_TAGS, NODES_SHOWN])


def violations_report(found: dict[str, list[dict[str, Any]]]) -> str:
    """One block per screen: each rule with its impact, how many nodes, and the first few."""
    lines = []
    for screen, violations in found.items():
        lines.append(screen)
        for v in violations:
            lines.append(f"  {v['id']} ({v['impact']}, {v.get('count', len(v['nodes']))} nodes): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)
