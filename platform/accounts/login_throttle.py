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
