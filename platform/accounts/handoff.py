"""Signing in on a municipality's extra domain from the region's session (issue 21, item 3).

The region's session cookie is set for the region's parent domain, so the region's host and every
``<slug>.<region>`` share one session. A municipality may also answer on a domain of its own,
which no cookie of the region reaches. There the person is signed in by a handoff:

1. the target host (``handoff_start``) keeps a random nonce in its own session and sends the
   browser to the region's host with the nonce and the path wanted;
2. the region's host, to a signed-in person only, writes a :class:`SignInHandoff` row (the nonce's
   hash, the target host, the region session that asked) and sends the browser back with a token
   signed by ``SECRET_KEY`` that names the row (``handoff_issue``);
3. the target host (``handoff_redeem``) accepts the token only if its signature holds, it is at
   most ``HANDOFF_MAX_AGE`` old, it was made for this very host, this browser's session holds
   the nonce, and the row is still unused — marking it used in the same UPDATE, in PostgreSQL, so
   a replay fails even if Redis was flushed. It then opens a session of its own, tied to the
   region session (``accounts.region_sessions``): when that ends, this one ends too.

The token carries no session key and no personal data, only the row's id and the host.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import SignInHandoff, User
from audit.services import audit_record
from tenants.municipalities.models import Domain, Municipality, MunicipalityStatus
from tenants.municipalities.selectors import host_shares_region_session

HANDOFF_MAX_AGE = datetime.timedelta(seconds=60)
HANDOFF_SALT = "accounts.handoff"
# Rows older than this are of no use (redeemed or expired) and are deleted when new ones are issued.
HANDOFF_KEEP = datetime.timedelta(days=1)
# Where the target host keeps the nonce while the browser is away at the region's host.
HANDOFF_STATE_KEY = "metodika_handoff_state"


class HandoffRefused(Exception):
    """The token is not good for this host, this browser or this moment (one message for all)."""


@dataclass(frozen=True)
class HandoffRedeemed:
    user: User
    origin_session_key: str
    next_path: str


def handoff_state_new() -> str:
    return secrets.token_urlsafe(24)


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def handoff_target(hostname: str) -> Municipality | None:
    """The working municipality answering on ``hostname``, if it is an extra domain the region's
    session does not reach; None for any other host (no handoff is needed or given there)."""
    if not hostname or host_shares_region_session(hostname):
        return None
    domain = Domain.objects.select_related("tenant").filter(domain=hostname.lower()).first()
    if domain is None or domain.tenant.status != MunicipalityStatus.ACTIVE:
        return None
    return domain.tenant


def safe_next_path(value: str) -> str:
    """A path on the same host, or ``/``: never another host (``//x``, a scheme, a backslash)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value or any(c < " " for c in value):
        return "/"
    return value[:2000]


@transaction.atomic
def handoff_issue(*, user: User, host: str, state: str, next_path: str, origin_session_key: str) -> str:
    """A signed one-time token for ``user`` to sign in on ``host`` (an extra domain of a municipality)."""
    municipality = handoff_target(host)
    if municipality is None or not user.is_active or not state or not origin_session_key:
        raise HandoffRefused
    SignInHandoff.objects.filter(created_at__lt=timezone.now() - HANDOFF_KEEP).delete()
    handoff = SignInHandoff.objects.create(
        token_id=uuid.uuid4(),
        user=user,
        host=host.lower(),
        next_path=safe_next_path(next_path),
        state_hash=_state_hash(state),
        origin_session_key=origin_session_key,
    )
    audit_record(action="sign_in.handoff_issue", acting_user=user, municipality=municipality, target=host)
    return signing.dumps({"id": str(handoff.token_id), "host": handoff.host}, salt=HANDOFF_SALT)


@transaction.atomic
def handoff_redeem(*, token: str, host: str, state: str) -> HandoffRedeemed:
    """Consume the token on ``host``; :class:`HandoffRefused` if anything about it is wrong."""
    try:
        payload = signing.loads(token, salt=HANDOFF_SALT, max_age=HANDOFF_MAX_AGE)
        token_id = uuid.UUID(str(payload["id"]))
        token_host = str(payload["host"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise HandoffRefused from error
    host = host.lower()
    if token_host != host or not state:
        raise HandoffRefused
    now = timezone.now()
    consumed = SignInHandoff.objects.filter(
        token_id=token_id,
        host=host,
        state_hash=_state_hash(state),
        used_at__isnull=True,
        created_at__gte=now - HANDOFF_MAX_AGE,
    ).update(used_at=now)
    if consumed != 1:
        raise HandoffRefused
    handoff = SignInHandoff.objects.select_related("user").get(token_id=token_id)
    origin = handoff.origin_session_key
    SignInHandoff.objects.filter(pk=handoff.pk).update(origin_session_key="")
    municipality = handoff_target(host)
    if municipality is None or not handoff.user.is_active:
        raise HandoffRefused
    audit_record(action="sign_in.handoff_redeem", acting_user=handoff.user, municipality=municipality, target=host)
    return HandoffRedeemed(user=handoff.user, origin_session_key=origin, next_path=handoff.next_path)
