from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.utils import build_absolute_uri
from django.http import HttpRequest

from tenants.municipalities.context_processors import current_place


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation (operators and heads of service), not by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account e-mails name the municipality (or the region) whose host the person used.

        allauth renders the subject without the request, so the context processors' place names
        never reach it; they are passed in here, with the address of that same host. Links in
        the body (password reset, confirmation) are already built on the request's host.
        """
        request = self.request
        if request is not None:
            context = {**current_place(request), "site_url": build_absolute_uri(request, "/"), **context}
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor sign-in: the QR code is inlined into the page as SVG.

    Inline, it needs no ``data:`` image source (which a Content-Security-Policy would have to
    allow) and takes the page's accessible name; an XML declaration has no place inside HTML.
    """

    def build_totp_svg(self, url: str) -> str:
        svg = super().build_totp_svg(url)
        if svg.startswith("<?xml"):
            svg = svg.split("?>", 1)[1].lstrip()
        return svg
