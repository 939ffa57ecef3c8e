"""Staff sessions end after a working day without a request (issue 13, item 11).

A methodologist's, head's, chair's or region staff member's session left open on a shared
computer must not stay usable for the two weeks a teacher's may. The rule is an idle timeout,
sliding: ``STAFF_SESSION_IDLE_TIMEOUT`` (10 hours) after the last request, the next request is
signed out.

Why a middleware keeping a timestamp rather than ``session.set_expiry``: allauth sets the expiry
itself after a password login («remember me», or the end of the browser session), so an expiry
set at login is overwritten; and sliding an expiry needs a session write on every request. Here the
time of the last request is written into the session only when the stored one is older than
``STAFF_SESSION_RENEW_AFTER`` (10 minutes): one write per 10 minutes of work at most, none on the
other requests. The timeout is thus enforced within that granularity (a session ends between
9 h 50 min and 10 h after its last request). The check is on the server: a copied cookie dies too.

Whether a session is a staff one is decided at its first request after sign-in (roles read once)
and kept in the session for that user; a role granted during a session applies from the next
sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_roles

IDLE_STATE_KEY = "metodika_idle"


def session_is_staff(user: Any) -> bool:
    """Sessions of people who hold a staff role anywhere (and of superusers) time out when idle."""
    return bool(user.is_superuser or user_roles(user).holds_staff_role())


class StaffSessionIdleMiddleware:
    """Signs out a staff session whose last request is older than the idle timeout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.idle_seconds = int(settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds())
        self.renew_seconds = int(settings.STAFF_SESSION_RENEW_AFTER.total_seconds())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        session = request.session
        user_id = session.get(SESSION_KEY)
        if user_id is None:
            return
        now = int(timezone.now().timestamp())
        state = session.get(IDLE_STATE_KEY)
        if not isinstance(state, dict) or state.get("user") != str(user_id):
            staff = session_is_staff(request.user)
            # Loading the user may have ended the session (a password changed elsewhere).
            if session.get(SESSION_KEY) is not None:
                session[IDLE_STATE_KEY] = {"user": str(user_id), "staff": staff, "seen": now}
            return
        if not state.get("staff"):
            return
        idle = now - int(state.get("seen", 0))
        if idle >= self.idle_seconds:
            logout(request)
            messages.info(request, _("Сеанс завершён после долгого перерыва в работе. Войдите снова."))
        elif idle >= self.renew_seconds:
            session[IDLE_STATE_KEY] = {**state, "seen": now}
