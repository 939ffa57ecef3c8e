"""Login throttling with django-axes: who is trying, from where, and what they see when locked.

Attempts are counted per (e-mail, client IP) in the public schema: an account is one person
across the region, so a failure on one municipality's host counts on every other host too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_throttle_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail an attempt is for, lower-cased so ``Anna@X.ru`` and ``anna@x.ru`` count together.

    allauth authenticates with ``email=``; Django's own forms pass ``username=``; the lockout
    page, built after the view, has only the POSTed ``login`` field.
    """
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username") or request.POST.get("login") or ""
    return str(email).strip().lower()


def login_throttle_client_ip(request: HttpRequest) -> str | None:
    """The client's address, seen through ``TRUSTED_PROXY_COUNT`` trusted reverse proxies.

    Each proxy (nginx's ``$proxy_add_x_forwarded_for``) appends the address it saw to
    X-Forwarded-For, so with N proxies the client is the N-th entry from the right; entries
    further left come from the client and are not trusted. With no proxy REMOTE_ADDR is used,
    and a forged header is ignored.
    """
    proxy_count: int = settings.TRUSTED_PROXY_COUNT
    remote_addr = request.META.get("REMOTE_ADDR")
    if proxy_count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxy_count:
        return remote_addr
    return forwarded[-proxy_count]


def login_lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page a locked-out visitor gets instead of the login form: 429, in the site's look."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/login_locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
