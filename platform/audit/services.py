"""Writing audit rows. Each action calls :func:`audit_record` inside its own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from audit.models import AuditEntry
from tenants.municipalities.schemas import schema_active

if TYPE_CHECKING:
    from accounts.models import ActingUser
    from tenants.municipalities.models import Municipality


def audit_record(
    *,
    action: str,
    acting_user: ActingUser,
    municipality: Municipality | None = None,
    target: object = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        municipality=municipality,
        schema_name=municipality.schema_name if municipality else schema_active(),
        target=str(target)[:255],
        data=data or {},
    )
