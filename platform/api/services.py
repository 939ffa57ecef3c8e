"""Issuing and revoking keys, and the audit rows of what a key does."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ActingUser, User, signed_in_user
from api.models import ApiKey
from api.scopes import Scope
from audit.services import audit_record
from tenants.municipalities.models import Municipality

KEY_MARK = "mtk"
# The last use is written at most this often: a busy key must not write a row per request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def api_key_secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    secret: str  # shown once, never stored


@transaction.atomic
def api_key_issue(
    *,
    acting_user: ActingUser,
    name: str,
    owner: User,
    scopes: Iterable[str],
    municipalities: Iterable[Municipality] = (),
    rate_limit_per_minute: int | None = None,
) -> IssuedKey:
    """A new key for an external system; the secret is returned once and only its hash is kept."""
    scopes = sorted(set(scopes))
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Укажите, для какой системы ключ.")
    if not scopes:
        errors["scopes"] = _("Выберите хотя бы одно право.")
    elif not set(scopes) <= set(Scope.values):
        errors["scopes"] = _("Неизвестное право.")
    if not owner.is_active:
        errors["owner"] = _("Владелец ключа должен быть действующим пользователем.")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    secret = f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        name=name.strip(),
        owner=owner,
        scopes=scopes,
        prefix=prefix,
        secret_hash=api_key_secret_hash(secret),
        created_by=signed_in_user(acting_user),
    )
    if rate_limit_per_minute is not None:
        key.rate_limit_per_minute = rate_limit_per_minute
    key.full_clean(exclude=["secret_hash"])
    key.save()
    chosen = list(municipalities)
    key.municipalities.set(chosen)
    audit_record(
        action="api_key.create",
        acting_user=acting_user,
        target=f"api_key#{key.pk}: {key}",
        data={"scopes": scopes, "municipalities": sorted(m.slug for m in chosen), "owner": owner.email},
    )
    return IssuedKey(key=key, secret=secret)


@transaction.atomic
def api_key_revoke(*, key: ApiKey, acting_user: ActingUser) -> ApiKey:
    """Stop a key at once: every request is checked against the database, nothing caches a key."""
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(action="api_key.revoke", acting_user=acting_user, target=f"api_key#{locked.pk}: {locked}")
    return locked


def api_key_used(*, key: ApiKey, now: datetime.datetime | None = None) -> None:
    """Note the key's last use (at most once a minute: one UPDATE, no audit row)."""
    now = now or timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USE_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def api_key_write_record(
    *, key: ApiKey, operation: str, target: object, municipality: Municipality | None, data: dict[str, Any]
) -> None:
    """The audit row saying a write came through the API with this key (the service wrote its own row too)."""
    audit_record(
        action="api_key.write",
        acting_user=key.owner,
        municipality=municipality,
        target=target,
        data={"key": key.pk, "key_name": key.name, "operation": operation, **data},
    )
