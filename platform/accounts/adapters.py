from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.utils import build_absolute_uri
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from metodika.client_address import client_address
from tenants.municipalities.context_processors import current_place
from tenants.municipalities.mail import municipal_mail_headers

if TYPE_CHECKING:
    from allauth.account.models import EmailAddress


def email_address_is_a_change(email_address: EmailAddress) -> bool:
    """Whether confirming the address would replace the account's current one."""
    return email_address.user.email.lower() != email_address.email.lower()


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation (operators and heads of service), not by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The visitor's address for allauth's per-IP rate limits, as django-axes sees it.

        Behind the documented nginx REMOTE_ADDR is the proxy's: counted by it, ten wrong
        passwords from anyone locked every login on the host (issue 13). One function decides
        for every counter (``metodika.client_address``, ``TRUSTED_PROXY_COUNT``); unlike
        allauth's own reading it never answers a short X-Forwarded-For with a server error.
        """
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """Confirm an address only for its own account, and only an address nobody else shows.

        A *change* (the address is not yet the account's ``User.email``) is confirmed only by
        someone signed in to that account: the link alone proves the mailbox, not the wish to
        give it to that account. Otherwise the real owner of an address, following a link a
        methodologist had sent them before their own invitation, would hand that address, and
        every later invitation to it, to the methodologist (issue 13). A first confirmation at
        sign-in (the address already is ``User.email``) needs no session.

        Confirming makes the address the account's ``User.email``; an older account may still
        carry it there unverified (written before e-mail changes needed confirmation). The
        database refuses the second one (one account per address, whatever its case), so the
        person is told, and the other account is left for the operator to look at.
        """
        from accounts.models import User

        if email_address_is_a_change(email_address) and request.user.pk != email_address.user_id:
            messages.error(
                request,
                _("Чтобы сменить адрес, войдите в свою учётную запись и снова откройте ссылку из письма."),
            )
            return False
        taken = User.objects.filter(email__iexact=email_address.email).exclude(pk=email_address.user_id)
        if taken.exists():
            self.add_message(
                request,
                messages.ERROR,
                "account/messages/email_confirmation_failed.txt",
                {"email": email_address.email},
            )
            return False
        return super().confirm_email(request, email_address)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account e-mails name the municipality (or the region) whose host the person used.

        allauth renders the subject without the request, so the context processors' place names
        never reach it; they are passed in here, with the address of that same host. Links in
        the body (password reset, confirmation) are already built on the request's host.
        """
        request = self.request
        place: dict[str, Any] = {}
        if request is not None:
            place = current_place(request)
            context = {**place, "site_url": build_absolute_uri(request, "/"), **context}
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        # On a municipality's host the message comes from its service (tenants.municipalities.mail).
        headers = municipal_mail_headers(place.get("current_municipality"))
        message.from_email = str(headers["from_email"])
        message.reply_to = list(headers["reply_to"])  # type: ignore[call-overload]
        message.send()


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
