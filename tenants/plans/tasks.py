"""Celery tasks of the annual plan: building reports in the municipality they were ordered in."""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.dispatch import municipality_for_task


@shared_task(acks_late=True)
def plan_report_build_task(*, municipality_id: int, report_id: int) -> int:
    """Build the analysis or operational report ``report_id`` (000 §3.6, 001 §3.4)."""
    from tenants.plans.services import plan_report_build

    municipality_for_task(municipality_id)  # refuses to run in another schema
    return plan_report_build(report_id=report_id).pk
