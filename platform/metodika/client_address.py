"""The visitor's address as the application should see it, behind the configured reverse proxies.

Used wherever an address is counted: login throttling (django-axes) and the consultation form's
rate limit. Behind nginx REMOTE_ADDR is the proxy's own address, the same for every visitor.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
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
