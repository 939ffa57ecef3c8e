"""Celery tasks of the innovation projects register."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def innovation_bank_rebuild_task() -> float:
    """Rewrite the region's list of innovation projects from every schema (one query per chunk).

    Region-level, nightly: a municipality's public pages that the list links to (its innovation page,
    its resource bank) may have been moved, published or unpublished since its last project change.
    Reads the schemas itself and writes only the public table."""
    from rollups.rebuild import rollups_rebuild
    from tenants.municipalities.schemas import schema_active

    if schema_active() != "public":
        raise RuntimeError(f"The innovation list's rebuild runs in the region, not in {schema_active()}.")
    (result,) = rollups_rebuild(names=["innovation_bank"])
    return result.seconds
