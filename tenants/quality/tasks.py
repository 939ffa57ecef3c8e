"""Celery tasks of the quality of education: the nightly recount of flags in every municipality.

A flag may change without any write in its municipality: the region's distribution moves with
other municipalities' results, and the institute edits the thresholds. ``quality_recount_fan_out``
(beat, nightly, in the region; and after the thresholds change) runs
``quality_recount_task`` in every active municipality's schema (chunked: ``fan_out``); each recounts the flags, the
measures done by their links, the programmes' effects and its roll-ups in one transaction.
"""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task
from tenants.municipalities.fan_out import municipalities_fan_out
from tenants.quality.services.results import quality_recount


@shared_task(acks_late=True)
def quality_recount_fan_out() -> int:
    """In the region: a recount in every active municipality's schema, chunked and recorded."""
    return municipalities_fan_out(quality_recount_task, name="quality.recount").total


@shared_task(acks_late=True)
def quality_recount_task(*, municipality_id: int) -> str:
    municipality = municipality_for_task(municipality_id)
    quality_recount()
    return municipality.schema_name
