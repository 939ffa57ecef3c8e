"""Celery tasks of the internship register."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def internships_summary_rebuild_task() -> float:
    """Rewrite the region's bank of internship sites from every schema (one query for all).

    Region-level, nightly: whether a site's status is in force and which internships are still to
    come change with the date alone. Reads the schemas itself and writes only the public table."""
    from rollups.rebuild import rollups_rebuild
    from tenants.municipalities.schemas import schema_active

    if schema_active() != "public":
        raise RuntimeError(f"The internships' bank rebuild runs in the region, not in {schema_active()}.")
    (result,) = rollups_rebuild(names=["internships"])
    return result.seconds
