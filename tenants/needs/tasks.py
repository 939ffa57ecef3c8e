"""Reminders of needs questionnaires, sent by the worker in the municipality's schema.

``needs_reminders_fan_out`` is beat's daily entry: in the region it sends one
``needs_reminders_send`` per active municipality into its schema; that one reminds each
recipient who has not answered once, three days before the questionnaire closes
(``tenants.needs.services.reminders_send``: claimed in a transaction, mailed after its commit).
"""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task


@shared_task(bind=True, acks_late=True)
def needs_reminders_send(self: object, *, municipality_id: int) -> list[str]:
    from tenants.needs.services import reminders_send

    municipality = municipality_for_task(municipality_id)
    return reminders_send(municipality=municipality)


@shared_task(acks_late=True)
def needs_reminders_fan_out() -> int:
    """Beat (daily), in the region: one reminders task per active municipality, into its schema."""
    from tenants.municipalities.fan_out import municipalities_fan_out

    return municipalities_fan_out(needs_reminders_send, name="needs.reminders").total
