from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.utils import build_absolute_uri
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from metodika.client_address import client_address
from tenants.municipalities.context_processors import current_place

if TYPE_CHECKING:
    from allauth.account.models import EmailAddress


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
        """Refuse an address another account already shows as its own, rather than fail on save.

        Confirming makes the address the account's ``User.email``; an older account may still
        carry it there unverified (written before e-mail changes needed confirmation). The
        database refuses the second one (one account per address, whatever its case), so the
        person is told, and the other account is left for the operator to look at.
        """
        from accounts.models import User

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
        if request is not None:
            context = {**current_place(request), "site_url": build_absolute_uri(request, "/"), **context}
        super().send_mail(template_prefix, email, context)
