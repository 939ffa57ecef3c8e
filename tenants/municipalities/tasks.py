"""Municipality tasks: provisioning and keeping the spare pool full. Both run in public."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task

from tenants.municipalities import provisioning, schemas


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def spare_pool_refill_task(size: int | None = None) -> int:
    schemas.schema_activate_public()
    return provisioning.spare_pool_refill(size=size)


@shared_task(acks_late=True)
def municipality_provision_task(*, acting_user_id: int | None = None, **request: Any) -> dict[str, Any]:
    """Provision from a worker; ValidationError is returned as data, not retried."""
    from django.core.exceptions import ValidationError

    from accounts.models import User
    from tenants.municipalities.services import municipality_provision

    schemas.schema_activate_public()
    acting_user = User.objects.filter(pk=acting_user_id).first() if acting_user_id else None
    try:
        result = municipality_provision(acting_user=acting_user, **request)
    except ValidationError as exc:
        return {"ok": False, "errors": exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}}
    return {
        "ok": True,
        "municipality_id": result.municipality.pk,
        "schema_name": result.municipality.schema_name,
        "created": result.created,
        "source": result.source,
        "seconds": result.seconds,
    }


@shared_task(acks_late=True)
def pending_sends_flush_task() -> int:
    """Beat (every minute): send the tasks the broker could not take when they were sent."""
    from tenants.municipalities.dispatch import pending_sends_flush

    schemas.schema_activate_public()
    return pending_sends_flush()


@shared_task(acks_late=True)
def host_tenant_forget_task(*, hostnames: list[str]) -> None:
    """Forget cached hosts, for a registry change made while the cache's Redis was down."""
    from tenants.municipalities.middleware import host_tenant_forget

    schemas.schema_activate_public()
    host_tenant_forget(hostnames)


@shared_task(acks_late=True)
def orphaned_deliveries_restore_task() -> int:
    """Beat (every CELERY_RESTORE_INTERVAL seconds): re-queue the work of workers that died."""
    from tenants.municipalities.task_recovery import orphaned_deliveries_restore

    schemas.schema_activate_public()
    return orphaned_deliveries_restore()


@shared_task(acks_late=True)
def municipality_backups_fan_out() -> int:
    """Beat (nightly): one backup task per municipality (each retries alone, its outcome recorded
    on the run ``municipalities.backup``), then archives past retention deleted."""
    from tenants.municipalities.backups import backups_expired_delete
    from tenants.municipalities.fan_out import municipalities_fan_out_each
    from tenants.municipalities.models import Municipality

    schemas.schema_activate_public()
    run = municipalities_fan_out_each(
        municipality_backup_task,
        name="municipalities.backup",
        municipalities=Municipality.objects.exclude(schema_name="public").order_by("slug"),
        into_public=True,
    )
    backups_expired_delete()
    return run.total


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=2)
def municipality_backup_task(self: Task, *, municipality_id: int, run_id: int | None = None) -> str:
    """One municipality's archive into BACKUP_DIR/municipalities/<slug>/ (idempotent: a new file)."""
    from tenants.municipalities.backups import municipality_backup
    from tenants.municipalities.fan_out import fan_out_outcome
    from tenants.municipalities.models import Municipality

    schemas.schema_activate_public()
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    with fan_out_outcome(self, run_id, key=municipality.slug if municipality else f"#{municipality_id}"):
        if municipality is None:  # deleted since the fan-out: a failure on the run
            raise Municipality.DoesNotExist(f"municipality #{municipality_id}")
        return str(municipality_backup(municipality=municipality))
