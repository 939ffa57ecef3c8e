"""Writing audit rows. Each action calls :func:`audit_record` inside its own transaction.

Reading the log is itself an action (:func:`audit_read_record`), and so is the nightly purge of
entries older than ``settings.AUDIT_RETENTION_DAYS`` (:func:`audit_purge`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import signed_in_user
from audit.models import AuditEntry
from tenants.municipalities.schemas import schema_active
from tenants.municipalities.selectors import current_municipality

PURGE_BATCH = 5000

if TYPE_CHECKING:
    from accounts.models import ActingUser
    from audit.selectors import AuditFilters
    from tenants.municipalities.models import Municipality


def audit_record(
    *,
    action: str,
    acting_user: ActingUser,
    municipality: Municipality | None = None,
    target: object = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = signed_in_user(acting_user)
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        municipality=municipality,
        schema_name=municipality.schema_name if municipality else schema_active(),
        target=str(target)[:255],
        data=data or {},
    )


def audit_record_municipal(
    *, action: str, acting_user: ActingUser, target: object = "", data: dict[str, Any] | None = None
) -> AuditEntry:
    """An audit row of the municipality whose schema is in use: the municipal apps' writes."""
    return audit_record(
        action=action, acting_user=acting_user, municipality=current_municipality(), target=target, data=data
    )


def audit_read_record(
    *,
    acting_user: ActingUser,
    municipality: Municipality | None,
    filters: AuditFilters,
    exported_rows: int | None = None,
    page: int | None = None,
) -> AuditEntry:
    """Who read the log, where and through which filters: a screen (``audit.view``, with its page)
    or an export (``audit.export``, with the number of rows). ``municipality`` is the one whose
    log was read, None for the operator's region-wide screen."""
    data: dict[str, Any] = {"filters": filters.described()}
    if exported_rows is not None:
        data["rows"] = exported_rows
    if page is not None:
        data["page"] = page
    return audit_record(
        action="audit.view" if exported_rows is None else "audit.export",
        acting_user=acting_user,
        municipality=municipality,
        data=data,
    )


def audit_retention_cutoff(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """Entries written before this moment are past the retention period."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


@transaction.atomic
def audit_purge(*, now: datetime.datetime | None = None, acting_user: ActingUser = None) -> int:
    """Delete the entries older than the retention period and record how many went (``audit.purge``).

    The log holds personal data (who did what, the names in its targets): 152-ФЗ art. 5 part 7
    keeps personal data no longer than its purpose needs, so the log has a term too. Returns
    the number of entries deleted.
    """
    cutoff = audit_retention_cutoff(now=now)
    expired = AuditEntry.objects.filter(created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)
    deleted = 0
    # In batches: receivers of every model's post_delete (the page cache's) keep Django from
    # deleting in one statement, and a first purge of a long-kept log may be large.
    while batch := list(expired[:PURGE_BATCH]):
        deleted += AuditEntry.objects.filter(pk__in=batch).delete()[0]
    audit_record(
        action="audit.purge",
        acting_user=acting_user,
        data={"deleted": deleted, "before": cutoff.isoformat(), "retention_days": settings.AUDIT_RETENTION_DAYS},
    )
    return deleted
