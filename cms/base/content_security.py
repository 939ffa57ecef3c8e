"""The Content-Security-Policy of every response (django-csp), fixed per kind of page.

There are no nonces: the anonymous page cache stores a page with its headers and replays both,
so a page's policy is a function of what the page is, never of the request. The base policies
live in the settings (``metodika/settings/csp.py``): the public one for every page, Wagtail's
admin's by path. What a page adds to the public policy is declared by the template tag that
renders it, on the request, while the page renders (``content_security_allow``): the hash of
the municipality's colours (the one inline ``<style>`` of ``base.html``) and, on a municipality
that turned analytics on, Yandex Metrika's hosts. A page that renders neither allows neither.

What a new page or template must follow outside ``/admin/``: no inline ``<script>`` (a
``type="application/json"`` data block is fine), ``<style>``, ``style=`` or ``on…=`` attribute —
styles and scripts go to static files (an app's ``static/<app>/…`` linked in
``{% block extra_head %}``); images from the host itself or ``data:``; frames only from the
video hosts of ``EMBED_FRAME_SOURCES``; forms post to their own host.
``tests/cms/test_content_security.py`` scans the templates for the first rule.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Where a rendering page leaves what it adds to the policy: directive -> sources, in order.
PAGE_SOURCES_ATTRIBUTE = "_content_security_sources"


def content_security_allow(request: HttpRequest | None, sources: Mapping[str, Iterable[str]]) -> None:
    """Add ``sources`` to the policy of the page being rendered for ``request``."""
    if request is None:
        return
    added: dict[str, list[str]] = getattr(request, PAGE_SOURCES_ATTRIBUTE, None) or {}
    for directive, values in sources.items():
        known = added.setdefault(directive, [])
        known.extend(value for value in values if value not in known)
    setattr(request, PAGE_SOURCES_ATTRIBUTE, added)


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this inline ``<style>`` content."""
    digest = hashlib.sha256(css.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_allow_style(request: HttpRequest | None, css: str) -> None:
    """Allow one inline ``<style>`` whose content is exactly ``css``."""
    content_security_allow(request, {"style-src": [style_hash(css)]})


def content_security_allow_analytics(request: HttpRequest | None) -> None:
    """Allow Yandex Metrika's counter on this page (its hosts, as Metrika's documentation lists)."""
    content_security_allow(request, settings.CONTENT_SECURITY_POLICY_METRIKA)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with our two overrides: Wagtail's admin gets its own policy by
    path, and a page adds what its template tags declared (see the module's docstring)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        already_set = HEADER in response  # a view's own policy (Wagtail's document serving) stays as is
        response = super().process_response(request, response)
        if not already_set and HEADER in response:
            response[HEADER] = policy_in_order(response[HEADER])
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
        added: dict[str, list[str]] | None = getattr(request, PAGE_SOURCES_ATTRIBUTE, None)
        if added:
            update = {
                directive: [values] if isinstance(values, str) else list(values)
                for directive, values in (parts.update or {}).items()
            }
            for directive, values in added.items():
                update[directive] = [*update.get(directive, []), *values]
            parts.update = update
        return parts


def policy_in_order(policy: str) -> str:
    """The same policy with its directives sorted: django-csp builds them in set order, which
    differs between processes, and a page's header should be byte for byte the same wherever it
    is rendered."""
    directives = sorted(part.strip() for part in policy.split(";") if part.strip())
    return "; ".join(directives)
