"""The handoff's three steps in the browser: start (extra domain), issue (region), redeem (extra domain).

See ``accounts.handoff`` for what each step checks. The token travels in the query string of one
redirect; the redeeming answer is itself a redirect (nothing is loaded that could carry it on in a
``Referer``) with ``Referrer-Policy: no-referrer``, and it is good once, for a minute, on one host.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.handoff import (
    HANDOFF_STATE_KEY,
    HandoffRefused,
    handoff_issue,
    handoff_redeem,
    handoff_state_new,
    handoff_target,
    safe_next_path,
)
from accounts.region_sessions import HANDOFF_ORIGIN_KEY
from tenants.municipalities.selectors import host_base_url, region_base_url

BACKEND = "accounts.backends.MunicipalityRoleBackend"


def _refused(request: HttpRequest) -> HttpResponse:
    response = render(request, "account/handoff_refused.html", status=403)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _hostname(request: HttpRequest) -> str:
    return request.get_host().rsplit(":", 1)[0].lower()


def _target_url(host: str, path: str) -> str:
    return host_base_url(host) + path


@require_GET
@never_cache
def handoff_start(request: HttpRequest) -> HttpResponse:
    """On a municipality's extra domain: go and fetch a sign-in from the region's host."""
    next_path = safe_next_path(request.GET.get("next", "/"))
    host = _hostname(request)
    if request.user.is_authenticated or handoff_target(host) is None:
        return redirect(next_path)
    state = handoff_state_new()
    request.session[HANDOFF_STATE_KEY] = state
    issue = reverse("account_handoff_issue", urlconf="metodika.urls_public")
    query = urlencode({"host": host, "state": state, "next": next_path})
    return HttpResponseRedirect(f"{region_base_url()}{issue}?{query}")


@require_GET
@never_cache
@login_required
def handoff_issue_view(request: HttpRequest) -> HttpResponse:
    """On the region's host, to a signed-in person: a one-time token for the extra domain asked."""
    host = request.GET.get("host", "").lower()
    try:
        token = handoff_issue(
            user=request.user,  # type: ignore[arg-type]
            host=host,
            state=request.GET.get("state", ""),
            next_path=request.GET.get("next", "/"),
            origin_session_key=request.session.session_key or "",
        )
    except HandoffRefused:
        return _refused(request)
    redeem = reverse("account_handoff_redeem", urlconf="metodika.urls_tenant")
    response = HttpResponseRedirect(_target_url(host, f"{redeem}?{urlencode({'token': token})}"))
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@never_cache
def handoff_redeem_view(request: HttpRequest) -> HttpResponse:
    """On the extra domain: redeem the token once and open this host's own session."""
    state = request.session.pop(HANDOFF_STATE_KEY, "")
    try:
        redeemed = handoff_redeem(token=request.GET.get("token", ""), host=_hostname(request), state=state)
    except HandoffRefused:
        return _refused(request)
    login(request, redeemed.user, backend=BACKEND)
    request.session[HANDOFF_ORIGIN_KEY] = redeemed.origin_session_key
    response = HttpResponseRedirect(redeemed.next_path)
    response["Referrer-Policy"] = "no-referrer"
    return response
