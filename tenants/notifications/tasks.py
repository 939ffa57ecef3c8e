"""The weekly digest on the worker: beat runs the fan-out in the region, which sends one task per
active municipality into its schema (the tenant is explicit: the task refuses any other schema),
so that a mail server's failure retries that municipality alone, with back-off; the run and each
municipality's final outcome are recorded (``municipalities_fan_out_each``)."""

from __future__ import annotations

from celery import Task, shared_task

from tenants.municipalities.dispatch import municipality_for_task
from tenants.municipalities.fan_out import fan_out_outcome, municipalities_fan_out_each
from tenants.municipalities.schemas import schema_active


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifications_digest_send(self: Task, *, municipality_id: int, run_id: int | None = None) -> list[str]:
    """This municipality's staff digests; returns the addresses written to."""
    from tenants.notifications.selectors import digest_recipients
    from tenants.notifications.services import digest_send

    with fan_out_outcome(self, run_id, key=schema_active()):
        municipality = municipality_for_task(municipality_id)
        sent = []
        for user in digest_recipients(municipality=municipality):
            if digest_send(user=user, municipality=municipality):
                sent.append(user.email)
    return sent


@shared_task(acks_late=True)
def notifications_digest_fan_out() -> int:
    """Beat (weekly), in the region: one digest task per active municipality, into its schema."""
    return municipalities_fan_out_each(notifications_digest_send, name="notifications.digest").total
