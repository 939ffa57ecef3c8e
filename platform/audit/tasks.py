"""Celery tasks of the audit log. They run in the public schema, where the log lives."""

from __future__ import annotations

from celery import shared_task

from audit.services import audit_purge
from tenants.municipalities.schemas import schema_activate_public


@shared_task(acks_late=True)
def audit_purge_task() -> int:
    """Nightly (beat): delete the entries past ``AUDIT_RETENTION_DAYS``; the purge is recorded."""
    schema_activate_public()
    return audit_purge()
