"""``Authorization: Bearer <key>``: who is calling, what the key may do, how often.

The key is looked up by the SHA-256 of what was sent on every request (nothing caches a key, so a
revoked key stops at the next request). Each request is counted against the key's limit per
minute (``tenants.rate_limits``, fail closed: with Redis down a keyed request gets 503, since an
uncounted key could be used without limit).
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from api.errors import ApiError, api_forbidden
from api.models import ApiKey
from api.scopes import Scope
from api.selectors import api_key_active_by_hash
from api.services import api_key_secret_hash, api_key_used
from tenants.municipalities.models import Municipality
from tenants.rate_limits import RateLimit, rate_limits_hit

MAX_KEY_LENGTH = 200


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        token = token.strip()
        if not token or len(token) > MAX_KEY_LENGTH:
            return None
        key = api_key_active_by_hash(secret_hash=api_key_secret_hash(token))
        if key is None:
            return None
        rate_limits_hit([(RateLimit("api:key", key.rate_limit_per_minute, 60), str(key.pk))])
        api_key_used(key=key)
        return key


def request_key(request: HttpRequest) -> ApiKey:
    key = getattr(request, "auth", None)
    assert isinstance(key, ApiKey), "an operation with a scope must be declared with auth=ApiKeyAuth()"
    return key


def key_with_scope(request: HttpRequest, scope: Scope) -> ApiKey:
    """The request's key if it holds ``scope``; 403 otherwise."""
    key = request_key(request)
    if scope not in key.scopes:
        raise api_forbidden(_("Ключ не даёт права «%(scope)s».") % {"scope": scope.label})
    return key


def key_for_this_municipality(request: HttpRequest, scope: Scope) -> tuple[ApiKey, Municipality]:
    """The key and the municipality of the host, if the key holds ``scope`` and names the municipality."""
    key = key_with_scope(request, scope)
    municipality = getattr(connection, "tenant", None)
    if not isinstance(municipality, Municipality) or municipality.schema_name == "public":
        raise ApiError(404, "not_found", _("Не найдено."))
    if municipality.pk not in key.municipality_ids:
        raise api_forbidden(_("Ключ не выдан для этого муниципалитета."))
    return key, municipality
