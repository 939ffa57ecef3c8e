"""Celery tasks of the development app."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def development_rollups_rebuild_task() -> float:
    """Recount every municipality's development roll-up from the schemas (one query each for all).

    Region-level, to run nightly: who is overdue (273-ФЗ art. 47) changes with the date alone, so
    between changes only this keeps ``pd_overdue`` and ``pd_due_soon`` current. It reads every
    schema itself (``schemas_union``) and writes only the public roll-up tables, so it needs no
    tenant and refuses to run inside one.
    """
    from rollups.rebuild import rollups_rebuild
    from tenants.municipalities.schemas import schema_active

    if schema_active() != "public":
        raise RuntimeError(f"The development roll-up rebuild runs in the region, not in {schema_active()}.")
    (result,) = rollups_rebuild(names=["development"])
    return result.seconds
