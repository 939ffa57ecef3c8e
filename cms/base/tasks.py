"""Page cache tasks: purges that could not reach Redis when the content changed."""

from __future__ import annotations

from celery import shared_task

from tenants.municipalities.schemas import schema_activate_public


@shared_task(acks_late=True)
def page_cache_purge_task(*, schema_names: list[str]) -> None:
    """Retire these municipalities' stored pages, for writes made while the cache's Redis was down.

    Sent by beat's flush once the broker is back; if the cache is still down, the purge is kept
    for the next flush again (``page_cache_purge_many``).
    """
    from cms.base.page_cache import page_cache_purge_many

    schema_activate_public()
    page_cache_purge_many(schema_names)
