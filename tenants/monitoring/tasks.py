"""Celery tasks of monitoring: the nightly recount of the growth roll-ups that change with the date alone."""

from __future__ import annotations

from celery import shared_task

# «consultations_overdue» grows when a due day passes, «young_teachers» shrinks when a teacher
# reaches three years of teaching, an association's year starts on 1 September: none of these
# is a write, so only a recount keeps them current between changes.
NIGHTLY_REBUILDERS = ("mentoring", "consultations", "associations")


@shared_task(acks_late=True)
def monitoring_rollups_rebuild_task() -> float:
    """Recount mentoring, consultations and associations for every municipality (region-level, nightly).

    Reads every schema itself (``schemas_union``) and writes only the public roll-up table, so it
    needs no tenant and refuses to run inside one.
    """
    from rollups.rebuild import rollups_rebuild
    from tenants.municipalities.schemas import schema_active

    if schema_active() != "public":
        raise RuntimeError(f"The monitoring roll-up rebuild runs in the region, not in {schema_active()}.")
    return sum(result.seconds for result in rollups_rebuild(names=list(NIGHTLY_REBUILDERS)))
