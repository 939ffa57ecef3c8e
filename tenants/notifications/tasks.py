"""The weekly digest on the worker: beat runs the fan-out in the region, which sends one task per
active municipality into its schema (the tenant is explicit: the task refuses any other schema)."""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task, task_send
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_activate_public


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifications_digest_send(self: object, *, municipality_id: int) -> list[str]:
    """This municipality's staff digests; returns the addresses written to."""
    from tenants.notifications.selectors import digest_recipients
    from tenants.notifications.services import digest_send

    municipality = municipality_for_task(municipality_id)
    sent = []
    for user in digest_recipients(municipality=municipality):
        if digest_send(user=user, municipality=municipality):
            sent.append(user.email)
    return sent


@shared_task(acks_late=True)
def notifications_digest_fan_out() -> int:
    """Beat (weekly), in the region: one digest task per active municipality, into its schema."""
    schema_activate_public()
    count = 0
    for municipality in (
        Municipality.objects.filter(status=MunicipalityStatus.ACTIVE)
        .exclude(schema_name="public")
        .only("pk", "schema_name")
    ):
        task_send(notifications_digest_send, schema_name=municipality.schema_name, municipality_id=municipality.pk)
        count += 1
    return count
