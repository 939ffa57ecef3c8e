"""The worker's side of course applications, in the municipality's schema (the tenant explicit:
each task refuses any other schema).

``course_offers_complete_fan_out`` (beat, daily, in the region) sends one ``course_offers_complete``
per active municipality into its schema: every offer whose course has ended gets its listed
teachers' course records, once (``course_offer_complete`` is idempotent).
"""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task, task_send
from tenants.municipalities.models import Municipality, MunicipalityStatus
from tenants.municipalities.schemas import schema_activate_public


@shared_task(bind=True, acks_late=True, max_retries=3)
def course_offers_complete(self: object, *, municipality_id: int) -> int:
    """Course records for the ended offers of one municipality; returns how many were written."""
    from tenants.courses.services import course_offers_complete_due

    municipality_for_task(municipality_id)
    return course_offers_complete_due()


@shared_task(acks_late=True)
def course_offers_complete_fan_out() -> int:
    """Beat (daily), in the region: one task per active municipality, into its schema."""
    schema_activate_public()
    count = 0
    for municipality in (
        Municipality.objects.filter(status=MunicipalityStatus.ACTIVE)
        .exclude(schema_name="public")
        .only("pk", "schema_name")
    ):
        task_send(course_offers_complete, schema_name=municipality.schema_name, municipality_id=municipality.pk)
        count += 1
    return count
