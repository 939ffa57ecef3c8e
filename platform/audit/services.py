"""Writing audit rows. Each action calls :func:`audit_record` inside its own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

from audit.models import AuditEntry

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.municipalities.models import Municipality


def audit_record(
    *,
    action: str,
    acting_user: User | None,
    municipality: Municipality | None = None,
    target: object = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        municipality=municipality,
        schema_name=municipality.schema_name if municipality else connection.schema_name,
        target=str(target)[:255],
        data=data or {},
    )
