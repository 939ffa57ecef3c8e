"""What every page type of the public sites shares.

``SitePageMixin`` goes first in the bases of each page type (a test checks every one has it).
"""

from __future__ import annotations

import contextvars
from typing import Any, Protocol

from django.db import connection
from wagtail.models import PageViewRestriction


class PublicRequestChrome(Protocol):
    """What the page types read from the chrome of the public request they serve.

    The chrome itself (``cms.home.site_chrome.SiteChrome``) is built by the site composition,
    which knows the menu and the event calendar; the page types only ask whose schema it
    describes and which pages sit under a view restriction.
    """

    @property
    def schema_name(self) -> str: ...

    @property
    def restricted_paths(self) -> tuple[str, ...]: ...

    @property
    def restrictions(self) -> tuple[PageViewRestriction, ...]: ...


# The chrome of the public request this thread is serving (set by SiteChromeMiddleware).
CURRENT_SITE_CHROME: contextvars.ContextVar[PublicRequestChrome | None] = contextvars.ContextVar(
    "site_chrome", default=None
)


class SitePageMixin:
    """No view-restriction queries on a municipality with no restricted page.

    Wagtail checks a page's restrictions (its own and its ancestors', two queries) before serving
    it. The site's chrome knows whether the municipality has any restricted page; when it has
    none, none apply. Otherwise, and outside a public request, Wagtail's own query answers.
    """

    def get_view_restrictions(self) -> Any:
        chrome = CURRENT_SITE_CHROME.get()
        if (
            chrome is not None
            and not chrome.restricted_paths
            and getattr(connection, "schema_name", None) == chrome.schema_name
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]
