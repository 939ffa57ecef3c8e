"""The worker's side of course applications, in the municipality's schema (the tenant explicit:
each task refuses any other schema).

``course_offers_complete_fan_out`` (beat, daily, in the region) runs ``course_offers_complete`` in
every active municipality's schema, chunked and recorded (``municipalities_fan_out``): every offer
whose course has ended gets its listed teachers' course records, once (``course_offer_complete``
is idempotent).
"""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task


@shared_task(bind=True, acks_late=True, max_retries=3)
def course_offers_complete(self: object, *, municipality_id: int) -> int:
    """Course records for the ended offers of one municipality; returns how many were written."""
    from tenants.courses.services import course_offers_complete_due

    municipality_for_task(municipality_id)
    return course_offers_complete_due()


@shared_task(acks_late=True)
def course_offers_complete_fan_out() -> int:
    """Beat (daily), in the region: every active municipality's ended offers, chunked and recorded."""
    from tenants.municipalities.fan_out import municipalities_fan_out

    return municipalities_fan_out(course_offers_complete, name="courses.offers_complete").total
