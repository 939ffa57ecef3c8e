"""One session across the region's hosts, and the sessions handed off to extra domains (issue 21).

``SESSION_COOKIE_DOMAIN`` is the region's parent domain: the region's host and every municipality's
``<slug>.<region>`` share one session, so a person signs in once. Roles stay per schema
(``accounts.backends``): a shared session gives a methodologist of A nothing in B.

A municipality's extra domain outside the parent domain cannot take that cookie (a browser refuses
a cookie for a domain the host is not under), so there the session cookie is the host's own
(:class:`RegionSessionMiddleware`), opened by a handoff (``accounts.handoff``). Such a session
remembers the region session that asked for it and lives only as long as that one: signing out
of the region (or its idle timeout) ends every session handed off from it at its next request
(:class:`HandedOffSessionMiddleware`), and signing out on the extra domain (allauth's page or
Wagtail's menu) ends the region session too (:func:`handed_off_sign_out`): sign-out is everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.middleware.csrf import REASON_BAD_REFERER, CsrfViewMiddleware, RejectRequest
from django.utils import timezone
from django.utils.http import is_same_domain

from accounts.handoff import HANDOFF_KEEP
from accounts.models import SignInHandoff
from audit.services import audit_record
from tenants.municipalities.selectors import host_shares_region_session

# The key, in a handed-off session, of the region session it came from.
HANDOFF_ORIGIN_KEY = "metodika_handoff_origin"


def request_shares_region_session(request: HttpRequest) -> bool:
    return host_shares_region_session(split_domain_port(request.get_host())[0])


class RegionSessionMiddleware(SessionMiddleware):
    """Django's session middleware, whose cookie is the region's parent domain's on its hosts and
    the host's own (no ``Domain``) on a municipality's extra domain."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        name = settings.SESSION_COOKIE_NAME
        if name in response.cookies and not request_shares_region_session(request):
            response.cookies[name]["domain"] = ""
        return response


class RegionCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, whose Referer check (an HTTPS POST without ``Origin``) wants this very
    host, not any host under the session cookie's domain.

    With ``CSRF_USE_SESSIONS`` Django accepts a Referer from anywhere under
    ``SESSION_COOKIE_DOMAIN``: a sibling subdomain's page. Browsers send ``Origin`` with every
    POST today, which Django matches to the host exactly; this holds the rare request without it to
    the same rule (and lets a municipality's extra domain, outside the cookie's domain, post to
    itself).
    """

    def _check_referer(self, request: HttpRequest) -> None:
        # Django's own checks first: present, well-formed, HTTPS (a private method the stubs omit).
        try:
            super()._check_referer(request)  # type: ignore[misc]
        except RejectRequest as refusal:
            # Only "not the cookie's domain" is decided again below; any other refusal stands.
            referer = urlsplit(request.META.get("HTTP_REFERER", ""))
            if refusal.reason != REASON_BAD_REFERER % referer.geturl():
                raise
        referer = urlsplit(request.META["HTTP_REFERER"])
        if any(is_same_domain(referer.netloc, host) for host in self.csrf_trusted_origins_hosts):
            return
        if not is_same_domain(referer.netloc, request.get_host()):
            raise RejectRequest(REASON_BAD_REFERER % referer.geturl())


def session_is_alive(session_key: str) -> bool:
    return Session.objects.filter(session_key=session_key, expire_date__gt=timezone.now()).exists()


def session_end(session_key: str) -> None:
    """End a session by its key (the region session behind a handed-off one)."""
    if session_key:
        Session.objects.filter(session_key=session_key).delete()


@transaction.atomic
def sessions_expired_purge() -> dict[str, int]:
    """Nightly: delete expired sessions and handoff rows of no more use (redeemed or expired).

    Sessions are made for visitors too (the CSRF secret lives in the session): without a purge the
    table only grows. The purge is recorded.
    """
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
    handoffs, _ = SignInHandoff.objects.filter(created_at__lt=now - HANDOFF_KEEP).delete()
    counts = {"sessions": sessions, "handoffs": handoffs}
    audit_record(action="session.purge", acting_user=None, data=counts)
    return counts


class HandedOffSessionMiddleware:
    """Signs out a handed-off session whose region session has ended (one indexed query, only for
    handed-off sessions; every other request costs nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = request.session.get(HANDOFF_ORIGIN_KEY)
        if origin and request.session.get(SESSION_KEY) is not None and not session_is_alive(origin):
            logout(request)
        return self.get_response(request)


def handed_off_sign_out(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``user_logged_out``: signing out of a handed-off session ends its region session too.

    A signal, not allauth's adapter, because Wagtail's admin signs out through its own view.
    """
    if request is not None and hasattr(request, "session"):
        session_end(request.session.get(HANDOFF_ORIGIN_KEY, ""))
