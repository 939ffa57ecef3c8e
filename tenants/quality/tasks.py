"""Celery tasks of the quality of education: the nightly recount of flags in every municipality.

A flag may change without any write in its municipality: the region's distribution moves with
other municipalities' results, and the institute edits the thresholds. ``quality_recount_fan_out``
(beat, nightly, in the region; and after the thresholds change) sends one
``quality_recount_task`` per active municipality into its schema; each recounts the flags, the
measures done by their links, the programmes' effects and its roll-ups in one transaction.
"""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_activate_public
from tenants.quality.services.results import quality_recount


@shared_task(acks_late=True)
def quality_recount_fan_out() -> int:
    """In the region: one recount per active municipality, into its schema."""
    schema_activate_public()
    municipalities = Municipality.objects.filter(status=MunicipalityStatus.ACTIVE).exclude(schema_name="public")
    count = 0
    for municipality in municipalities.only("pk", "schema_name"):
        quality_recount_task.apply_async(
            kwargs={"municipality_id": municipality.pk}, headers={"_schema_name": municipality.schema_name}
        )
        count += 1
    return count


@shared_task(acks_late=True)
def quality_recount_task(*, municipality_id: int) -> str:
    municipality = municipality_for_task(municipality_id)
    quality_recount()
    return municipality.schema_name
